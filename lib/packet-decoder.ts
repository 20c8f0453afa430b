/**
 * The decoder of what clients send, with the server's limits.
 */
import type { ResolvedServerOptions } from "./options.js";
import { StrictDecoder } from "./protocol/strict-decoder.js";

/**
 * A StrictDecoder with the server's maxAttachments and maxNestingDepth.
 *
 * @example
 * const decoder = newPacketDecoder(io.opts);
 * decoder.add('2["hello"]'); // { type: 2, nsp: "/", data: ["hello"] }
 */
export function newPacketDecoder(opts: Pick<ResolvedServerOptions, "maxAttachments" | "maxNestingDepth">): StrictDecoder {
  return new StrictDecoder({ maxAttachments: opts.maxAttachments, maxNestingDepth: opts.maxNestingDepth });
}

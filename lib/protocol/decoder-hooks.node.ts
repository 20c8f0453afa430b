/**
 * Whether the Decoder calls its strict hooks (decoder.ts): yes in Node, where
 * the server's StrictDecoder fills them in (strict-decoder.ts).
 *
 * How the twin is chosen (the client's one mechanism, see
 * client/engine/globals.ts): decoder.ts imports "./decoder-hooks.node.js";
 * Node (the server, and the client run in Node) uses this file, and the
 * rollup browser builds alias it to decoder-hooks.ts, whose `false` lets
 * terser drop the hook calls from the client bundle (a browser page has no
 * StrictDecoder: the server runs in Node). Bundlers without that alias get
 * this file, which works everywhere too (environment-neutral: no node:*
 * imports).
 *
 * @example
 * if (DECODER_HOOKS) this._payload?.(packet);
 */
export const DECODER_HOOKS: boolean = true;

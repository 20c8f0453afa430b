/**
 * Option defaults and the polling payload size rule, kept out of socket.ts.
 *
 * Environment-neutral: no node:* imports.
 */
import type { EngineClientOptions, Packet, TransportName } from "./types.js";
/** Options after defaults, as the EngineClient keeps them. */
export interface ResolvedOptions {
    secure: boolean;
    hostname: string;
    port: string;
    path: string;
    query: Record<string, string>;
    transports: TransportName[];
    upgrade: boolean;
    rememberUpgrade: boolean;
    tryAllTransports: boolean;
    timestampRequests: boolean | undefined;
    timestampParam: string;
    withCredentials: boolean;
    extraHeaders: Record<string, string> | undefined;
    closeOnBeforeunload: boolean;
    transportOptions: NonNullable<EngineClientOptions["transportOptions"]>;
    autoUnref: boolean;
    WebSocket: EngineClientOptions["WebSocket"];
    fetch: typeof globalThis.fetch;
}
/**
 * Fills in defaults. Host, port, scheme and query come from `uri` when given,
 * else from the page's location; explicit options win over both.
 *
 * @example
 * resolveOptions("https://example.com", { path: "/socket.io/" }).port // "443"
 */
export declare function resolveOptions(uri: string | undefined, opts: EngineClientOptions): ResolvedOptions;
/**
 * How many buffered packets fit in one polling payload of at most
 * `maxPayload` bytes (at least one, so a big packet still goes alone and the
 * server can refuse it with a clear 413).
 *
 * @example
 * writableCount([{ type: "message", data: "a".repeat(60) }, { type: "message", data: "b".repeat(60) }], 100) // 1
 */
export declare function writableCount(packets: Packet[], maxPayload: number): number;

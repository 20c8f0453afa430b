/**
 * The one error class of the Engine.IO client, built in one place so every
 * failure names the transport, the phase, the HTTP status and the server's
 * own `{code, message}`: "xhr poll error" with the reason hidden in a side
 * field is exactly what this replaces.
 *
 * Environment-neutral: no node:* imports.
 */
import { VolleyError } from "../../lib/protocol/errors.js";
/** Which step of the transport's life failed. */
export type TransportPhase = "handshake" | "poll" | "post" | "upgrade" | "connection";
/** What is known about one failure; every field is optional. */
export interface TransportErrorDetails {
    /** HTTP status of the failed request. */
    status?: number;
    /** The response body (the server sends `{"code":N,"message":"…"}` for protocol errors). */
    body?: string;
    /** The underlying error or event (network failure, WebSocket error event). */
    cause?: unknown;
    /** The Response or event, kept for Socket.IO compatibility (`err.context`). */
    context?: unknown;
}
/**
 * A transport failed. Keeps socket.io-client's compatibility fields: `type`
 * is always "TransportError", `description` is the HTTP status or the
 * underlying error, `context` the Response or event.
 *
 * @example
 * engine.on("error", (err) => {
 *   console.log(err.message); // "polling poll failed: HTTP 400 — Session ID unknown (code 1) — are sticky sessions enabled?"
 *   if (err.serverCode === 1) console.log("lost the session");
 * });
 */
export declare class TransportError extends VolleyError {
    readonly type = "TransportError";
    /** "polling" or "websocket". */
    readonly transport: string;
    readonly phase: TransportPhase;
    /** HTTP status, when the failure was an HTTP answer. */
    readonly status: number | undefined;
    /** The Engine.IO error code from the server's JSON body, when there was one. */
    readonly serverCode: number | undefined;
    /** The HTTP status or the underlying error (socket.io-client compatibility). */
    readonly description: unknown;
    /** The Response or the event (socket.io-client compatibility). */
    readonly context: unknown;
    constructor(transport: string, phase: TransportPhase, details?: TransportErrorDetails);
}

/**
 * Error values with stable codes, shared by every layer.
 *
 * An error says what happened in its message; the code is for programs.
 * Environment-neutral: no node:* imports.
 */
/** Engine.IO handshake / request error codes, sent to clients as `{code, message}`. */
export declare const EngineErrorCode: {
    readonly UNKNOWN_TRANSPORT: 0;
    readonly UNKNOWN_SID: 1;
    readonly BAD_HANDSHAKE_METHOD: 2;
    readonly BAD_REQUEST: 3;
    readonly FORBIDDEN: 4;
    readonly UNSUPPORTED_PROTOCOL_VERSION: 5;
};
export type EngineErrorCodeValue = (typeof EngineErrorCode)[keyof typeof EngineErrorCode];
/** The message the wire protocol gives for each engine error code. */
export declare const ENGINE_ERROR_MESSAGES: Readonly<Record<EngineErrorCodeValue, string>>;
/** Base class of every error volley throws or emits. `code` is stable across versions. */
export declare class VolleyError extends Error {
    readonly code: string;
    constructor(code: string, message: string, options?: {
        cause?: unknown;
    });
}
/**
 * A Socket.IO packet that cannot be decoded. The connection that sent it is
 * closed with reason "parse error"; nobody else notices.
 *
 * @example
 * try { decoder.add(data) } catch (err) { if (err instanceof DecodeError) conn.close() }
 */
export declare class DecodeError extends VolleyError {
    constructor(message: string, options?: {
        cause?: unknown;
    });
}

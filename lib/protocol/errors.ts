/**
 * Error values with stable codes, shared by every layer.
 *
 * An error says what happened in its message; the code is for programs.
 * Environment-neutral: no node:* imports.
 */

/** Engine.IO handshake / request error codes, sent to clients as `{code, message}`. */
export const EngineErrorCode = {
  UNKNOWN_TRANSPORT: 0,
  UNKNOWN_SID: 1,
  BAD_HANDSHAKE_METHOD: 2,
  BAD_REQUEST: 3,
  FORBIDDEN: 4,
  UNSUPPORTED_PROTOCOL_VERSION: 5,
} as const;
export type EngineErrorCodeValue = (typeof EngineErrorCode)[keyof typeof EngineErrorCode];

/** The message the wire protocol gives for each engine error code. */
export const ENGINE_ERROR_MESSAGES: Readonly<Record<EngineErrorCodeValue, string>> = {
  0: "Transport unknown",
  1: "Session ID unknown",
  2: "Bad handshake method",
  3: "Bad request",
  4: "Forbidden",
  5: "Unsupported protocol version",
};

/**
 * Base class of every error volley throws or emits. `code` is stable across versions.
 *
 * @example
 * socket.on("connect_error", (err) => {
 *   if (err instanceof VolleyError && err.code === "VOLLEY_TRANSPORT_ERROR") showOfflineBanner(err.message);
 * });
 */
export class VolleyError extends Error {
  // `declare`: assigned in the constructor, no class field emitted for it
  declare readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    // (code first: own keys in the order a class field gave them)
    this.code = code;
    this.name = "VolleyError";
  }
}

/**
 * A Socket.IO packet that cannot be decoded. The connection that sent it is
 * closed with reason "parse error"; nobody else notices.
 *
 * @example
 * try { decoder.add(data) } catch (err) { if (err instanceof DecodeError) conn.close() }
 */
export class DecodeError extends VolleyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("VOLLEY_DECODE_ERROR", message, options);
    this.name = "DecodeError";
  }
}

/**
 * HTTP answers for refused Engine.IO requests, built in one place.
 *
 * Polling requests get a JSON body `{code, message}` with status 400 (403 for
 * code 4); a refused WebSocket upgrade gets a raw `400 Bad Request` on the
 * socket, which is then destroyed (no HTTP response object exists yet).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import {
  ENGINE_ERROR_MESSAGES,
  EngineErrorCode,
  VolleyError,
  type EngineErrorCodeValue,
} from "../protocol/errors.js";
import type { Refusal } from "./handshake.js";

/** The payload of the engine's "connection_error" event. */
export interface EngineConnectionError {
  /** The refused request. */
  req: IncomingMessage;
  /** Engine.IO error code, 0..5. */
  code: EngineErrorCodeValue;
  /** The protocol message for `code`. */
  message: string;
  /** Why, for logs: e.g. `{ name: "TRANSPORT_MISMATCH", transport, previousTransport }`. */
  context: Record<string, unknown>;
}

/**
 * Builds a connection error value.
 *
 * @example
 * connectionError(req, EngineErrorCode.UNKNOWN_SID, { sid: "abc" })
 */
export function connectionError(
  req: IncomingMessage,
  code: EngineErrorCodeValue,
  context: Record<string, unknown> = {},
): EngineConnectionError {
  return { req, code, message: ENGINE_ERROR_MESSAGES[code], context };
}

/**
 * Answers a polling request with the error body; `message` overrides the
 * protocol message (allowRequest may give a reason).
 *
 * @example
 * writeHttpError(res, EngineErrorCode.UNKNOWN_TRANSPORT)
 */
export function writeHttpError(res: ServerResponse, code: EngineErrorCodeValue, message?: string): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const status = code === EngineErrorCode.FORBIDDEN ? 403 : 400;
  const body = JSON.stringify({ code, message: message ?? ENGINE_ERROR_MESSAGES[code] });
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * An "error" listener that drops the error: the errors of a request or socket
 * are reported through the session or dropped, and an unhandled "error" event
 * would crash the process (a socket being destroyed, for one: a late write
 * error is of no interest).
 */
export function ignoreError(): void {
  // (nothing to do: see above)
}

/** A handshake that reaches a closed engine. */
export const SHUTTING_DOWN: Refusal = {
  code: EngineErrorCode.BAD_REQUEST,
  message: "Server is shutting down",
  context: { name: "SERVER_SHUTTING_DOWN" },
};

/** The connection_error context of a request from an origin the cors option does not allow. */
export function originNotAllowed(req: IncomingMessage): Record<string, unknown> {
  return { name: "ORIGIN_NOT_ALLOWED", origin: req.headers.origin };
}

/**
 * Refuses a WebSocket upgrade: raw 400 then destroy.
 *
 * @example
 * abortUpgrade(socket, EngineErrorCode.BAD_REQUEST)
 */
export function abortUpgrade(socket: Duplex, code: EngineErrorCodeValue, message?: string): void {
  socket.on("error", ignoreError);
  if (socket.writable) {
    const body = message ?? ENGINE_ERROR_MESSAGES[code];
    socket.write(
      "HTTP/1.1 400 Bad Request\r\n" +
        "Connection: close\r\n" +
        "Content-Type: text/html\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        "\r\n" +
        body,
    );
  }
  socket.destroy();
}

/** The stable code of {@link clientNotReading}'s error. */
export const CLIENT_NOT_READING = "CLIENT_NOT_READING";

/**
 * The description of a session closed because its client stopped reading:
 * more than `maxBufferedBytes` waited to be sent to it.
 *
 * @example
 * clientNotReading(300000, 262144).message
 * // "client is not reading: 300000 bytes waiting (maxBufferedBytes 262144)"
 */
export function clientNotReading(waiting: number, maxBufferedBytes: number): VolleyError {
  return new VolleyError(
    CLIENT_NOT_READING,
    `client is not reading: ${waiting} bytes waiting (maxBufferedBytes ${maxBufferedBytes})`,
  );
}

/**
 * The one error class of the Engine.IO client, built in one place so every
 * failure names the transport, the phase, the HTTP status and the server's
 * own `{code, message}`: "xhr poll error" with the reason hidden in a side
 * field is exactly what this replaces.
 *
 * Environment-neutral: no node:* imports.
 */
import { VolleyError } from "../../lib/protocol/errors.js";
import { notFoundHint } from "./errors.messages.js";

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

/** Hints for server error codes whose usual cause is known, by code, ready to append (an array: smaller than an object in the bundle). */
const HINTS: readonly (string | undefined)[] = [
  /* 0 */ " — is this transport enabled on the server?",
  /* 1 */ " — are sticky sessions enabled?",
  ,
  ,
  ,
  /* 5 */ " — the server does not speak Engine.IO v4",
];

/**
 * A transport failed. Keeps socket.io-client's compatibility fields: `type`
 * is always "TransportError", `description` is the HTTP status or the
 * underlying error, `context` the Response or event.
 *
 * The message reads `<transport> <phase> failed: <what>`, where `<what>` is
 * "HTTP <status>" or the underlying error's text, followed by
 * ` — <server message> (code <n>)` and ` — <hint>` when the server said why,
 * or the path that was used when nothing answered there (HTTP 404).
 *
 * @example
 * engine.on("error", (err) => {
 *   console.log(err.message); // "polling poll failed: HTTP 400 — Session ID unknown (code 1) — are sticky sessions enabled?"
 *   if (err.serverCode === 1) console.log("lost the session");
 * });
 */
export class TransportError extends VolleyError {
  /** Always "TransportError" (socket.io-client compatibility). */
  declare readonly type: "TransportError";
  /** "polling" or "websocket". */
  declare readonly transport: string;
  declare readonly phase: TransportPhase;
  /** HTTP status, when the failure was an HTTP answer. */
  declare readonly status: number | undefined;
  /** The Engine.IO error code from the server's JSON body, when there was one. */
  declare readonly serverCode: number | undefined;
  /** The HTTP status or the underlying error (socket.io-client compatibility). */
  declare readonly description: unknown;
  /** The Response or the event (socket.io-client compatibility). */
  declare readonly context: unknown;

  constructor(transport: string, phase: TransportPhase, { status, body, cause, context }: TransportErrorDetails = {}) {
    let text = `${transport} ${phase} failed: ${status === undefined ? causeText(cause) : "HTTP " + status}`;
    let serverCode: number | undefined;
    try {
      // throws for no body, a body that is not JSON, and "null"
      const { code, message } = JSON.parse(body as string) as { code?: unknown; message?: unknown };
      if (typeof code === "number") {
        serverCode = code;
        text += ` — ${message ?? ""} (code ${code})` + (HINTS[code] ?? "");
      }
    } catch {
      // the status alone is reported
    }
    // nothing answers at that path: the likeliest cause is a client `path` that is not the server's
    if (status == 404) text += notFoundHint((context as Response | undefined)?.url);
    super("VOLLEY_TRANSPORT_ERROR", text, { cause });
    const type = "TransportError";
    Object.assign(this, { name: type, type, transport, phase, status, serverCode, description: status ?? cause, context });
  }
}

/** The most specific text an underlying error offers (Node's fetch hides the errno in `cause`). */
function causeText(cause: unknown): string {
  if (typeof cause === "string") return cause;
  // a WebSocket "error" event from `ws` carries the error's message too; a browser's says nothing
  const { message, cause: inner } = (cause ?? {}) as { message?: string; cause?: { code?: unknown; message?: unknown } };
  const detail = inner?.code ?? inner?.message;
  return message ? (detail ? `${message} (${detail})` : message) : "no reason given (see the network tab)";
}

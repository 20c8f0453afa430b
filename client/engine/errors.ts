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

/** Hints for server error codes whose usual cause is known. */
const HINTS: Readonly<Record<number, string>> = {
  0: "is this transport enabled on the server?",
  1: "are sticky sessions enabled?",
  5: "the server does not speak Engine.IO v4",
};

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
export class TransportError extends VolleyError {
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

  constructor(transport: string, phase: TransportPhase, details: TransportErrorDetails = {}) {
    const server = parseServerError(details.body);
    super("VOLLEY_TRANSPORT_ERROR", describe(transport, phase, details, server), { cause: details.cause });
    this.name = "TransportError";
    this.transport = transport;
    this.phase = phase;
    this.status = details.status;
    this.serverCode = server?.code;
    this.description = details.status ?? details.cause;
    this.context = details.context;
  }
}

function parseServerError(body: string | undefined): { code: number; message: string } | undefined {
  if (!body || body.charCodeAt(0) !== 123 /* "{" */) return undefined;
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof parsed.code === "number") return { code: parsed.code, message: String(parsed.message ?? "") };
  } catch {
    // not JSON: the status alone is reported
  }
  return undefined;
}

function describe(
  transport: string,
  phase: TransportPhase,
  details: TransportErrorDetails,
  server: { code: number; message: string } | undefined,
): string {
  let text = `${transport} ${phase} failed: `;
  if (details.status !== undefined) text += `HTTP ${details.status}`;
  else text += causeText(details.cause);
  if (server) {
    text += ` — ${server.message} (code ${server.code})`;
    const hint = HINTS[server.code];
    if (hint) text += ` — ${hint}`;
  }
  return text;
}

/** The most specific text an underlying error offers (Node's fetch hides the errno in `cause`). */
function causeText(cause: unknown): string {
  if (typeof cause === "string") return cause;
  if (cause && typeof cause === "object") {
    const c = cause as { message?: unknown; error?: unknown; cause?: { code?: unknown; message?: unknown } };
    // a WebSocket ErrorEvent from `ws` carries the real error in `error`
    if (c.error instanceof Error) return c.error.message;
    const inner = c.cause?.code ?? c.cause?.message;
    if (typeof c.message === "string" && c.message) return inner ? `${c.message} (${String(inner)})` : c.message;
  }
  return "connection error (the browser gives no reason: see its network tab)";
}

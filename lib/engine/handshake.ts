/**
 * The checks every Engine.IO request goes through, and the handshake steps
 * that run before a session exists: middlewares, allowRequest, the session id.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { nanoid } from "nanoid";
import { ENGINE_PROTOCOL } from "../protocol/constants.js";
import { EngineErrorCode, type EngineErrorCodeValue } from "../protocol/errors.js";
import type { ResolvedEngineOptions, TransportName } from "./options.js";
import { eachQueryParameter } from "./query-string.js";

/**
 * Express-style middleware run on handshake requests. Declared through a
 * method so that its parameters are bivariant: Express middlewares typed for
 * `express.Request` (express-session, passport, helmet …) are accepted as is.
 */
export type EngineMiddleware = {
  middleware(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void;
}["middleware"];

/** A refusal: the code and what caused it. */
export interface Refusal {
  code: EngineErrorCodeValue;
  context: Record<string, unknown>;
  /** Overrides the protocol message in the answer (allowRequest's reason). */
  message?: string;
}

/** The query parameters of an Engine.IO request. */
export type EngineQuery = Record<string, string>;

// Kept on the request itself, not in a WeakMap: a WeakMap entry per request (two per polling
// ack) costs a hash on the object and ephemeron work in every GC, a property costs neither.
const kQuery = Symbol("volley.query");
/** Set on requests that repeat one of ENGINE_PARAMETERS: refused, whichever value a proxy would pick. */
const kAmbiguous = Symbol("volley.ambiguousQuery");
interface Tagged {
  [kQuery]?: EngineQuery;
  [kAmbiguous]?: true;
}
const ENGINE_PARAMETERS: ReadonlySet<string> = new Set(["EIO", "transport", "sid"]);
const EIO = String(ENGINE_PROTOCOL);

/**
 * The request's query parameters, parsed once per request.
 *
 * @example
 * requestQuery(req).sid // undefined on a handshake
 */
export function requestQuery(req: IncomingMessage): EngineQuery {
  let query = (req as Tagged)[kQuery];
  if (!query) {
    query = {};
    const url = req.url ?? "";
    const start = url.indexOf("?");
    (req as Tagged)[kQuery] = query;
    if (start !== -1) eachQueryParameter(url.slice(start + 1), setParameter, req);
  }
  return query;
}

/** The last value of a name wins; a repeated EIO, transport or sid marks the request ambiguous (refused). */
function setParameter(key: string, value: string, req: IncomingMessage): void {
  const query = (req as Tagged)[kQuery]!;
  if (ENGINE_PARAMETERS.has(key) && Object.hasOwn(query, key)) (req as Tagged)[kAmbiguous] = true;
  query[key] = value;
}

// HTTP header value characters (RFC 7230 field-vchar, SP, HTAB, obs-text).
const INVALID_HEADER_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * The checks shared by polling requests and upgrades: EIO, transport and sid
 * appear at most once (3), the transport exists
 * and is enabled (code 0), the Origin header is well formed (3), EIO is 4 (5).
 *
 * @example
 * const refusal = checkRequest(opts, req, query); if (refusal) refuse(refusal);
 */
export function checkRequest(opts: ResolvedEngineOptions, req: IncomingMessage, query: EngineQuery): Refusal | null {
  if ((req as Tagged)[kAmbiguous] === true) {
    return { code: EngineErrorCode.BAD_REQUEST, context: { name: "REPEATED_QUERY_PARAMETER" } };
  }
  const transport = query.transport;
  if (!transport || !opts.transports.includes(transport as TransportName)) {
    return { code: EngineErrorCode.UNKNOWN_TRANSPORT, context: { transport } };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && INVALID_HEADER_CHAR.test(origin)) {
    return { code: EngineErrorCode.BAD_REQUEST, context: { name: "INVALID_ORIGIN", origin } };
  }
  if (query.EIO !== EIO) {
    return { code: EngineErrorCode.UNSUPPORTED_PROTOCOL_VERSION, context: { protocol: query.EIO } };
  }
  return null;
}

function runOne(middleware: EngineMiddleware, req: IncomingMessage, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const next = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve();
    };
    try {
      // A middleware may be async: a rejected promise counts as next(err).
      const result: unknown = middleware(req, res, next);
      if (result && typeof (result as Promise<unknown>).then === "function") {
        (result as Promise<unknown>).then(undefined, (err: unknown) => next(err ?? new Error("middleware rejected")));
      }
    } catch (err) {
      next(err ?? new Error("middleware threw"));
    }
  });
}

/**
 * Runs the middlewares in order; resolves to a refusal (code 3) on the first error.
 *
 * @example
 * const refusal = await runMiddlewares(engineMiddlewares, req, res);
 */
export async function runMiddlewares(
  middlewares: readonly EngineMiddleware[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Refusal | null> {
  for (const middleware of middlewares) {
    try {
      await runOne(middleware, req, res);
    } catch (error) {
      return { code: EngineErrorCode.BAD_REQUEST, context: { name: "MIDDLEWARE_FAILURE", error } };
    }
  }
  return null;
}

/**
 * Asks the allowRequest option; a refusal is code 4 with its reason as message.
 * Without the option the answer is a synchronous `null`, so a handshake with
 * nothing asynchronous configured never waits for a promise.
 *
 * @example
 * const pending = askAllowRequest(opts, req);
 * const refusal = pending && (await pending);
 */
export function askAllowRequest(opts: ResolvedEngineOptions, req: IncomingMessage): Promise<Refusal | null> | null {
  const allowRequest = opts.allowRequest;
  if (!allowRequest) return null;
  return new Promise((resolve) => {
    let settled = false;
    const done = (err: string | null | undefined, success: boolean): void => {
      if (settled) return;
      settled = true;
      if (success) resolve(null);
      else {
        const message = typeof err === "string" && err ? err : undefined;
        resolve({ code: EngineErrorCode.FORBIDDEN, context: { message }, ...(message ? { message } : {}) });
      }
    };
    try {
      allowRequest(req, done);
    } catch (error) {
      done(error instanceof Error ? error.message : undefined, false);
    }
  });
}

/**
 * Length of a default session id: 20 characters of nanoid's `[A-Za-z0-9_-]`
 * alphabet (about 119 random bits), the shape engine.io generates and
 * `@socket.io/sticky` routes by (it matches `sid=([\w-]{20})`).
 */
export const SESSION_ID_LENGTH = 20;

/**
 * Builds the session id with the generateId option (default: nanoid, 20 characters, synchronous).
 * With the option it resolves to the id, or to a refusal (code 3) when generation
 * fails or gives no string.
 *
 * @example
 * const pending = createSessionId(opts, req);
 * const result = typeof pending === "string" ? pending : await pending;
 * if (typeof result !== "string") refuse(result);
 */
export function createSessionId(opts: ResolvedEngineOptions, req: IncomingMessage): string | Promise<string | Refusal> {
  if (!opts.generateId) return nanoid(SESSION_ID_LENGTH);
  return generateSessionId(opts.generateId, req);
}

async function generateSessionId(generateId: NonNullable<ResolvedEngineOptions["generateId"]>, req: IncomingMessage): Promise<string | Refusal> {
  try {
    const id = await generateId(req);
    if (typeof id === "string" && id.length > 0) return id;
    return { code: EngineErrorCode.BAD_REQUEST, context: { name: "ID_GENERATION_ERROR", error: new Error("generateId gave no string") } };
  } catch (error) {
    return { code: EngineErrorCode.BAD_REQUEST, context: { name: "ID_GENERATION_ERROR", error } };
  }
}

/**
 * The `upgrades` field of the open packet for a session on `transport`.
 *
 * @example
 * availableUpgrades(opts, "polling") // ["websocket"]
 */
export function availableUpgrades(opts: ResolvedEngineOptions, transport: TransportName): string[] {
  if (transport !== "polling" || !opts.allowUpgrades || !opts.transports.includes("websocket")) return [];
  return ["websocket"];
}

/**
 * CORS headers for polling responses, preflight answers, and the origin
 * check of requests: volley refuses a polling request or a WebSocket upgrade
 * from an origin the cors option does not allow (browsers do not apply CORS
 * to WebSockets, and a refused polling request would only open a session
 * the page cannot read), and says so with "connection_error".
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CorsOptions, StaticOrigin } from "./options.js";

const DEFAULT_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE";

function isAllowed(origin: string, allowed: StaticOrigin): boolean {
  if (Array.isArray(allowed)) return allowed.some((one) => isAllowed(origin, one));
  if (typeof allowed === "string") return allowed === "*" || allowed === origin;
  if (allowed instanceof RegExp) {
    allowed.lastIndex = 0;
    return allowed.test(origin);
  }
  return allowed;
}

function resolveOrigin(opts: CorsOptions, origin: string | undefined): Promise<StaticOrigin> {
  const option = opts.origin ?? "*";
  if (typeof option !== "function") return Promise.resolve(option);
  return new Promise((resolve, reject) => {
    option(origin, (err, allowed) => (err ? reject(err) : resolve(allowed ?? false)));
  });
}

/** The Access-Control-Allow-Origin value, or undefined when none must be written. */
function allowOriginHeader(allowed: StaticOrigin, origin: string | undefined): string | undefined {
  if (allowed === "*") return "*";
  if (typeof allowed === "string") return allowed;
  if (!origin) return undefined;
  return isAllowed(origin, allowed) ? origin : undefined;
}

function list(value: string | string[]): string {
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * Whether `origin` is the origin of the Host the request was sent to: then
 * the request is not a CORS request at all (browsers send Origin on a
 * same-origin POST, and always on a WebSocket) and the cors option does not
 * apply. The scheme is not compared: behind a TLS-terminating proxy the
 * server cannot know it.
 */
function isSameOrigin(origin: string, req: IncomingMessage): boolean {
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/** What {@link applyCors} did. */
export interface CorsOutcome {
  /** The request was a preflight and has been answered (204). */
  answered: boolean;
  /** The request came from an origin the option does not allow (a browser will block it). */
  refused: boolean;
}

/**
 * Writes the CORS headers on `res`, and answers a preflight (204).
 *
 * @example
 * const { answered, refused } = await applyCors(opts.cors, req, res);
 */
export async function applyCors(opts: CorsOptions, req: IncomingMessage, res: ServerResponse): Promise<CorsOutcome> {
  const origin = req.headers.origin;
  const allowed = await resolveOrigin(opts, origin);
  const refused = origin !== undefined && !isSameOrigin(origin, req) && !isAllowed(origin, allowed);
  const allowOrigin = allowOriginHeader(allowed, origin);
  if (allowOrigin !== undefined) res.setHeader("Access-Control-Allow-Origin", allowOrigin);
  if (allowed !== "*") res.setHeader("Vary", "Origin");
  if (opts.credentials) res.setHeader("Access-Control-Allow-Credentials", "true");
  if (opts.exposedHeaders) res.setHeader("Access-Control-Expose-Headers", list(opts.exposedHeaders));
  if (req.method !== "OPTIONS") return { answered: false, refused };

  res.setHeader("Access-Control-Allow-Methods", list(opts.methods ?? DEFAULT_METHODS));
  const allowedHeaders = opts.allowedHeaders ?? req.headers["access-control-request-headers"];
  if (allowedHeaders) res.setHeader("Access-Control-Allow-Headers", list(allowedHeaders));
  if (opts.maxAge !== undefined) res.setHeader("Access-Control-Max-Age", String(opts.maxAge));
  res.statusCode = 204;
  res.setHeader("Content-Length", "0");
  res.end();
  return { answered: true, refused };
}

/**
 * Whether a WebSocket upgrade's Origin passes the cors option. A request
 * without Origin (not a browser) passes, and so does one from the server's
 * own origin (not a cross-origin request).
 *
 * @example
 * if (!(await isOriginAccepted(opts.cors, req))) refuse();
 */
export async function isOriginAccepted(opts: CorsOptions, req: IncomingMessage): Promise<boolean> {
  const origin = req.headers.origin;
  if (!origin || isSameOrigin(origin, req)) return true;
  const allowed = await resolveOrigin(opts, origin);
  return isAllowed(origin, allowed);
}

/**
 * The headers of a WebSocket upgrade's 101 answer. ws writes that answer
 * itself, so middlewares write on a stand-in ServerResponse whose headers are
 * copied here, then the app's "headers" listeners add theirs.
 */
import type { ServerResponse } from "node:http";
import type { ResponseHeaders } from "./transports/transport.js";

/**
 * The headers a middleware set on the stand-in response (e.g. a session cookie).
 *
 * @example
 * const headers = standInHeaders(res); // { "set-cookie": ["sid=…"] }
 */
export function standInHeaders(res: ServerResponse | undefined): ResponseHeaders {
  const headers: ResponseHeaders = {};
  if (!res) return headers;
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value : String(value);
  }
  return headers;
}

/**
 * Appends `headers` to ws's header lines, one line per value.
 *
 * @example
 * appendHeaderLines(lines, { "X-A": "1", "Set-Cookie": ["a=1", "b=2"] });
 */
export function appendHeaderLines(lines: string[], headers: ResponseHeaders): void {
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const one of value) lines.push(`${name}: ${one}`);
    else lines.push(`${name}: ${value}`);
  }
}

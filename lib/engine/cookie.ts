/**
 * A minimal Set-Cookie serializer (RFC 6265), because the `cookie` package is
 * not a dependency and the engine only writes one cookie: the session id.
 */
import type { CookieOptions } from "./options.js";

// RFC 6265 token: visible ASCII without separators, used for the name.
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Domain and path values may hold no control characters and no ";".
const ATTRIBUTE_VALUE = /^[\u0020-\u003A\u003C-\u007E]*$/;

/**
 * Serializes `name=value; attributes`. The value is percent-encoded, so any
 * string is safe; a bad name, domain or path throws (they come from options,
 * not from clients).
 *
 * @example
 * serializeCookie("io", "abc", { path: "/", httpOnly: true, sameSite: "lax" })
 * // "io=abc; Path=/; HttpOnly; SameSite=Lax"
 */
export function serializeCookie(name: string, value: string, opts: CookieOptions = {}): string {
  if (!COOKIE_NAME.test(name)) throw new TypeError(`cookie name is invalid: ${JSON.stringify(name)}`);
  let out = `${name}=${encodeURIComponent(value)}`;
  if (opts.maxAge !== undefined) {
    if (!Number.isFinite(opts.maxAge)) throw new TypeError("cookie maxAge must be a finite number");
    out += `; Max-Age=${Math.floor(opts.maxAge)}`;
  }
  if (opts.domain) {
    if (!ATTRIBUTE_VALUE.test(opts.domain)) throw new TypeError("cookie domain is invalid");
    out += `; Domain=${opts.domain}`;
  }
  if (opts.path) {
    if (!ATTRIBUTE_VALUE.test(opts.path)) throw new TypeError("cookie path is invalid");
    out += `; Path=${opts.path}`;
  }
  if (opts.expires) out += `; Expires=${opts.expires.toUTCString()}`;
  if (opts.httpOnly) out += "; HttpOnly";
  if (opts.secure) out += "; Secure";
  if (opts.partitioned) out += "; Partitioned";
  if (opts.sameSite) {
    const sameSite = opts.sameSite === true ? "strict" : opts.sameSite;
    out += `; SameSite=${sameSite.charAt(0).toUpperCase()}${sameSite.slice(1)}`;
  }
  return out;
}

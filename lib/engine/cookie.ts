/**
 * The session cookie written on the handshake response, serialized by the
 * `cookie` package (RFC 6265 rules are not ours to re-implement).
 */
import { serialize } from "cookie";
import type { CookieOptions } from "./options.js";

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
  return serialize(name, value, { ...opts, path: opts.path === false ? undefined : opts.path });
}

/**
 * Node platform parts; the browser twin is globals.ts, with the same exports
 * (see there for how the twin is chosen). Node 20 has fetch but no global
 * WebSocket, so the WebSocket comes from `ws`; and nobody keeps cookies for
 * us, so withCredentials brings a small cookie jar.
 */
import { WebSocket as WsWebSocket } from "ws";
import type { BinaryType, CookieJar, TransportOptions, WebSocketLike } from "./types.js";

/**
 * Whether a WebSocket may be dropped without its closing handshake (`ws`'s
 * terminate): in Node a silent server's connection would otherwise stay
 * open for ws's 30 s closing timeout; browsers manage that themselves (false
 * there, so the minifier drops the code).
 */
export const CAN_TERMINATE: boolean = true;

/** What a binary message arrives as: a Buffer in Node. */
export const defaultBinaryType: BinaryType = "nodebuffer";

/**
 * Opens a WebSocket with the injected constructor, else `ws`, with the
 * handshake headers (extraHeaders, cookies) `ws` allows.
 */
export function openWebSocket(url: string, opts: TransportOptions): WebSocketLike {
  const headers = requestHeaders(opts);
  const ws = new (opts.WebSocket ?? WsWebSocket)(url, undefined, headers ? { headers } : {}) as WebSocketLike & {
    once?: (ev: string, fn: (res: { socket?: { unref?: () => void } }) => void) => void;
  };
  // `ws` hands the HTTP response to "upgrade" listeners: its socket is the
  // public way to unref the connection without touching ws's private fields
  if (opts.autoUnref && typeof ws.once === "function") ws.once("upgrade", unrefResponseSocket);
  return ws;
}

/** Headers of a request: extraHeaders plus the cookie jar's cookies. */
export function requestHeaders(opts: TransportOptions): Record<string, string> | undefined {
  const cookie = opts.cookieJar?.header();
  return cookie ? { ...opts.extraHeaders, cookie } : opts.extraHeaders;
}

/** Keeps a response's cookies in the jar (withCredentials). */
export function storeCookies(opts: TransportOptions, res: Response): void {
  opts.cookieJar?.store(res);
}

/** With `autoUnref`, lets the timer stop holding the process open. */
export function unrefTimer(timer: ReturnType<typeof setTimeout>, opts: { autoUnref?: boolean }): void {
  if (opts.autoUnref) timer.unref?.(); // (a fake timer may lack it)
}

function unrefResponseSocket(res: { socket?: { unref?: () => void } }): void {
  res.socket?.unref?.();
}

/**
 * With withCredentials, gives the resolved options a jar (Node, where nobody
 * else keeps cookies); every transport's options share it.
 */
export function addCookieJar(opts: { withCredentials?: boolean; cookieJar?: CookieJar }): void {
  if (opts.withCredentials) opts.cookieJar = new MinimalCookieJar();
}

/**
 * Deliberately minimal: it keeps `name=value` of every `Set-Cookie` (enough
 * for sticky-session cookies such as AWSALB or a session id) and ignores
 * Domain, Path, Secure and expiry, except that an empty value or
 * `Max-Age=0` removes the cookie. One jar belongs to one EngineClient, that
 * is to one server, so domain matching is not needed.
 */
class MinimalCookieJar implements CookieJar {
  #cookies = new Map<string, string>();

  store(res: Response): void {
    const values = res.headers.getSetCookie();
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as string;
      const end = value.indexOf(";");
      const pair = end === -1 ? value : value.slice(0, end);
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const cookieValue = pair.slice(eq + 1).trim();
      if (cookieValue === "" || /;\s*max-age=0\s*(;|$)/i.test(value)) this.#cookies.delete(name);
      else this.#cookies.set(name, cookieValue);
    }
  }

  header(): string {
    let header = "";
    for (const [name, value] of this.#cookies) header += (header ? "; " : "") + name + "=" + value;
    return header;
  }
}

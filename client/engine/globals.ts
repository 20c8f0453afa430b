/**
 * Browser platform parts. Node has a twin, globals.node.ts, with the same
 * exports.
 *
 * How the twin is chosen (one mechanism for the whole client): source code
 * always imports "./globals.node.js". Node runs that file as is; the rollup
 * browser build aliases every "*.node.js" import to its "*.js" twin, and the
 * package.json "browser" map does the same for other bundlers. So this file
 * is what browsers get, and it must not import node:* or `ws`.
 *
 * Browsers keep cookies themselves and cannot set headers on a WebSocket
 * handshake, so the cookie parts here do nothing and minify away.
 */
import type { BinaryType, CookieJar, TransportOptions, WebSocketLike } from "./types.js";

/** Browsers close a WebSocket's connection themselves: nothing to terminate (the code using it minifies away). */
export const CAN_TERMINATE: boolean = false;

/** What a binary message arrives as: ArrayBuffer in browsers. */
export const defaultBinaryType: BinaryType = "arraybuffer";

/** Opens a WebSocket with the injected constructor, else the browser's (`headers` and `autoUnref` do not apply). */
export function openWebSocket(url: string, opts: TransportOptions): WebSocketLike {
  return new (opts.WebSocket ?? WebSocket)(url) as WebSocketLike;
}

/** Headers of a polling request: extraHeaders (the browser adds cookies itself). */
export function requestHeaders(opts: TransportOptions): Record<string, string> | undefined {
  return opts.extraHeaders;
}

/** Keeps a response's cookies: the browser does (credentials "include"). */
export function storeCookies(_opts: TransportOptions, _res: Response): void {}

/** Node lets a timer stop holding the process open; browsers have nothing to unref (a no-op the minifier drops). */
export function unrefTimer(_timer: ReturnType<typeof setTimeout>, _opts: { autoUnref?: boolean }): void {}

/** Browsers keep cookies themselves: no jar (a no-op the minifier drops). */
export function addCookieJar(_opts: { withCredentials?: boolean; cookieJar?: CookieJar }): void {}

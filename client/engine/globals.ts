/**
 * Browser platform objects. Node has a twin, globals.node.ts.
 *
 * How the twin is chosen (one mechanism for the whole client): source code
 * always imports "./globals.node.js". Node runs that file as is; the rollup
 * browser build aliases every "*.node.js" import to its "*.js" twin, and the
 * package.json "browser" map does the same for other bundlers. So this file
 * is what browsers get, and it must not import node:* or `ws`.
 */
import type { BinaryType, CookieJar, WebSocketConstructor, WebSocketLike } from "./types.js";

/** What a binary message arrives as: ArrayBuffer in browsers. */
export const defaultBinaryType: BinaryType = "arraybuffer";

/** The WebSocket constructor used when none is injected. */
export const DefaultWebSocket: WebSocketConstructor | undefined =
  typeof WebSocket === "function" ? WebSocket : undefined;

/**
 * Opens a WebSocket. Browsers cannot set headers on the handshake, so
 * `headers` and `autoUnref` are ignored here.
 */
export function createWebSocket(
  Ctor: WebSocketConstructor,
  url: string,
  _headers: Record<string, string> | undefined,
  _autoUnref: boolean,
): WebSocketLike {
  return new Ctor(url) as WebSocketLike;
}

/** Browsers keep cookies themselves (credentials "include"); no jar. */
export function createCookieJar(): CookieJar | undefined {
  return undefined;
}

import type { BinaryType, CookieJar, WebSocketConstructor, WebSocketLike } from "./types.js";
/** What a binary message arrives as: a Buffer in Node. */
export declare const defaultBinaryType: BinaryType;
/** The WebSocket constructor used when none is injected. */
export declare const DefaultWebSocket: WebSocketConstructor | undefined;
/** Opens a WebSocket with handshake headers (extraHeaders, cookies), as `ws` allows. */
export declare function createWebSocket(Ctor: WebSocketConstructor, url: string, headers: Record<string, string> | undefined, autoUnref: boolean): WebSocketLike;
/** A jar for withCredentials in Node, where nobody else keeps cookies. */
export declare function createCookieJar(): CookieJar | undefined;

/**
 * The engine's view of the WebSocket server it drives (ws's WebSocketServer by
 * default), written out here so the published declarations do not import
 * "ws": a TypeScript app with `skipLibCheck: false` would need `@types/ws`,
 * which volley does not ship (ws is an implementation detail, and a types
 * package among the dependencies would land in browser-only installs too).
 *
 * ws's own classes fit these types: spec/types/fixtures/ws-engine.ts checks it.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { ZlibOptions } from "node:zlib";

/**
 * WebSocket permessage-deflate settings, handed to ws as they are (the shape
 * of ws's `PerMessageDeflateOptions`).
 *
 * @example
 * new Server(httpServer, { perMessageDeflate: { threshold: 2048, zlibDeflateOptions: { level: 3 } } });
 */
export interface PerMessageDeflateOptions {
  serverNoContextTakeover?: boolean;
  clientNoContextTakeover?: boolean;
  serverMaxWindowBits?: number;
  clientMaxWindowBits?: number;
  zlibDeflateOptions?: {
    flush?: number;
    finishFlush?: number;
    chunkSize?: number;
    windowBits?: number;
    level?: number;
    memLevel?: number;
    strategy?: number;
    dictionary?: Buffer | Buffer[] | DataView;
    info?: boolean;
  };
  zlibInflateOptions?: ZlibOptions;
  /** Messages smaller than this many bytes are sent uncompressed. volley's default: 1024. */
  threshold?: number;
  concurrencyLimit?: number;
}

/** What the engine passes to the `wsEngine` constructor. */
export interface WsEngineOptions {
  noServer: true;
  clientTracking: boolean;
  maxPayload: number;
  perMessageDeflate: boolean | PerMessageDeflateOptions;
}

/**
 * What the engine calls on the server a `wsEngine` builds. The WebSockets it
 * hands to the callback must behave as ws's do (send, close, terminate,
 * bufferedAmount, "message"/"close"/"error" events): the transport uses ws's API.
 */
export interface WsEngineServer {
  handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    callback: (client: unknown, req: IncomingMessage) => void,
  ): void;
  on(event: "headers", listener: (headers: string[], req: IncomingMessage) => void): this;
  on(event: "error", listener: (err: Error) => void): this;
}

/**
 * A WebSocketServer constructor compatible with ws's (ws's own by default).
 *
 * @example
 * import { WebSocketServer } from "ws";
 * new Engine({ wsEngine: WebSocketServer });
 */
export type WsEngine = new (options: WsEngineOptions) => WsEngineServer;

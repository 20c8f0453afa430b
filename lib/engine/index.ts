/**
 * volley's Engine.IO v4 server: `import { Engine } from "volley/engine"`.
 *
 * @example
 * import { createServer } from "node:http";
 * import { Engine } from "volley/engine";
 * const engine = new Engine().attach(createServer().listen(3000));
 * engine.on("connection", (socket) => socket.on("message", (data) => socket.send(data)));
 */
export { Engine, type EngineEvents } from "./server.js";
export {
  EngineSocket,
  type EngineSocketEvents,
  type EngineSocketState,
  type EngineCloseReason,
  type EngineData,
  type SendOptions,
} from "./socket.js";
export {
  resolveEngineOptions,
  type EngineOptions,
  type ResolvedEngineOptions,
  type CorsOptions,
  type CookieOptions,
  type HttpCompressionOptions,
  type AllowRequest,
  type TransportName,
} from "./options.js";
export type { WsEngine, WsEngineOptions, WsEngineServer, PerMessageDeflateOptions } from "./ws-engine.js";
export type { EngineConnectionError } from "./errors.js";
export type { EngineMiddleware, EngineQuery } from "./handshake.js";
export { requestQuery } from "./handshake.js";
export type { AttachOptions } from "./attach.js";
export type { Transport, ResponseHeaders } from "./transports/transport.js";
export { serializeCookie } from "./cookie.js";
export { HandshakeRequest } from "./handshake-request.js";

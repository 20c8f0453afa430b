/**
 * The Engine.IO v4 client: `EngineClient` and its types.
 *
 * @example
 * import { EngineClient } from "volley/client/engine";
 * const engine = new EngineClient("http://localhost:3000");
 * engine.on("message", console.log);
 * engine.open();
 */
export { EngineClient } from "./socket.js";
export type { EngineClientEvents, EngineState, EngineCloseReason, EngineData, HandshakeData } from "./socket.js";
export { TransportError } from "./errors.js";
export type { TransportPhase, TransportErrorDetails } from "./errors.js";
export type { Transport, CloseDetails, TransportState } from "./transport.js";
export type { EngineClientOptions, TransportName, WebSocketConstructor } from "./types.js";

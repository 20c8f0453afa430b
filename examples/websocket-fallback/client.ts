/**
 * A client that tries WebSocket first and falls back to long-polling when
 * the WebSocket cannot be opened.
 */
import { io, type Socket } from "../../client/index.js";

/** Which transport each side ended up with. */
export interface Outcome {
  client: string;
  server: string;
}

/**
 * Connects websocket-first and reports the transport in use on both sides.
 *
 * @example
 * const { client } = await connectWebsocketFirst("http://127.0.0.1:3003");
 * client; // "websocket", or "polling" where WebSocket is refused
 */
export async function connectWebsocketFirst(url: string): Promise<Outcome> {
  const socket: Socket = io(url, {
    forceNew: true,
    reconnection: false,
    transports: ["websocket", "polling"],
    // volley falls back from a failed WebSocket by itself; socket.io-client 4 needs this to do the same.
    tryAllTransports: true,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const server = (await socket.timeout(2000).emitWithAck("whichTransport")) as string;
    // The engine exists once connected; volley types it as optional because it is made on open.
    return { client: socket.io.engine?.transport.name ?? "none", server };
  } finally {
    socket.disconnect();
  }
}

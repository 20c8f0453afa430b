/**
 * Shared setup for the client specs: a server factory (socket.io 4 or
 * volley), transport modes, and small promise helpers.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server as SocketIoServer } from "socket.io";
import { Manager, type ManagerOptions, type Socket } from "../../client/index.js";
import { PacketType, type Packet } from "../../lib/protocol/packet.js";

/** `once(emitter, event)`: the client specs' name for {@link waitFor}. */
export { sleep, until, waitFor as once } from "./wait.js";

/** The server API the client suite uses; socket.io 4's and volley's Server both have it. */
export type AnyServer = any;

/** Builds a Socket.IO server attached to `http`. */
export interface ServerFactory {
  name: string;
  create(http: HttpServer, opts: Record<string, unknown>): AnyServer;
}

export const socketIoFactory: ServerFactory = {
  name: "socket.io 4",
  create: (http, opts) => new SocketIoServer(http, opts),
};

/** The three ways a client may connect. */
export const MODES: { name: string; opts: ManagerOptions }[] = [
  { name: "polling only", opts: { transports: ["polling"] } },
  { name: "websocket only", opts: { transports: ["websocket"] } },
  { name: "polling then upgrade", opts: {} },
];

export interface TestServer {
  io: AnyServer;
  http: HttpServer;
  url: string;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1, port 0, with short heartbeat timers. */
export async function startServer(factory: ServerFactory, opts: Record<string, unknown> = {}): Promise<TestServer> {
  const http = createServer();
  const io = factory.create(http, { pingInterval: 300, pingTimeout: 1000, ...opts });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    io,
    http,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        io.close();
        http.closeAllConnections();
        if (!http.listening) return resolve();
        http.close(() => resolve());
      }),
  };
}

/** Tracks Managers so afterEach can close every one of them. */
export class ManagerPool {
  private managers = new Set<Manager>();

  add<T extends { io: Manager }>(socket: T): T {
    this.managers.add(socket.io);
    return socket;
  }

  closeAll(): void {
    for (const manager of this.managers) manager.disconnect();
    this.managers.clear();
  }
}

/**
 * A Manager that is never opened and records every packet its sockets send,
 * with its "/" socket: for specs that feed packets to a socket by hand.
 * With `connectData`, the socket is connected as if the server had answered
 * its CONNECT with that data (e.g. `{ sid: "sid1", pid: "pid1" }`).
 *
 * @example
 * const { socket, sent } = offlineManager();
 * socket.emit("x"); // buffered: not connected
 */
export function offlineManager(connectData?: Record<string, unknown>): { manager: Manager; socket: Socket; sent: Packet[] } {
  const manager = new Manager("http://127.0.0.1:1", { autoConnect: false, reconnection: false });
  const sent: Packet[] = [];
  manager._packet = (packet: Packet) => void sent.push(packet);
  const socket = manager.socket("/");
  if (connectData) {
    socket.connect();
    socket._onPacket({ type: PacketType.CONNECT, nsp: "/", data: connectData });
  }
  return { manager, socket, sent };
}

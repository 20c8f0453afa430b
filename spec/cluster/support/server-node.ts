/**
 * Starts the Socket.IO server of one cluster node, volley's or socket.io's,
 * on a cluster adapter, listening on its own port (`exclusive`, so node:cluster
 * workers do not share one), and sets it up for node-ops.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server as VolleyServer } from "../../../lib/index.js";
import { Server as SocketIoServer } from "socket.io";
import { createAdapterFor, type AdapterKind } from "./adapters.js";
import { setupNode, type NodeState } from "./node-ops.js";

export type ServerKind = "volley" | "socket.io";

export interface NodeConfig {
  name: string;
  server: ServerKind;
  adapter: AdapterKind;
  prefix: string;
  /** Turns connection state recovery on (for the redis-streams recovery spec). */
  recovery?: boolean;
}

export interface RunningNode {
  state: NodeState;
  port: number;
  close(): Promise<void>;
}

/** Starts one node in this process. */
export async function startServerNode(config: NodeConfig): Promise<RunningNode> {
  const handle = await createAdapterFor(config.adapter, config.prefix, config.name);
  const httpServer = createServer();
  const opts: any = { adapter: handle.adapter, pingInterval: 1000, pingTimeout: 2000 };
  if (config.recovery) opts.connectionStateRecovery = { maxDisconnectionDuration: 10_000 };
  const io: any = config.server === "volley" ? new VolleyServer(httpServer, opts) : new SocketIoServer(httpServer, opts);
  await new Promise<void>((resolve) => httpServer.listen({ port: 0, host: "127.0.0.1", exclusive: true }, resolve));
  const state = setupNode(config.name, io);
  return {
    state,
    port: (httpServer.address() as AddressInfo).port,
    async close() {
      httpServer.closeAllConnections();
      await io.close();
      await handle.close();
    },
  };
}

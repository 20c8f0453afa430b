/**
 * Cluster nodes as the specs drive them, wherever they run: in this process
 * (Redis, Redis Streams and Postgres adapters allow it) or in a node:cluster
 * worker (@socket.io/cluster-adapter needs it). Both answer `call(op, args)`
 * with plain JSON (see node-ops.ts), so one suite runs on every adapter.
 */
import cluster, { type Worker } from "node:cluster";
import { fileURLToPath } from "node:url";
import { setupPrimary as setupClusterAdapterPrimary } from "@socket.io/cluster-adapter";
import { io as ioc, type Socket as ClientSocket, type ManagerOptions, type SocketOptions } from "socket.io-client";
import { runOp } from "./node-ops.js";
import { startServerNode, type NodeConfig } from "./server-node.js";

export interface ClusterNode {
  readonly name: string;
  readonly url: string;
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** Starts a node in this process. */
export async function startInProcessNode(config: NodeConfig): Promise<ClusterNode> {
  const node = await startServerNode(config);
  return {
    name: config.name,
    url: `http://127.0.0.1:${node.port}`,
    // Through JSON, like a worker's answer: a spec cannot rely on sharing objects with a node.
    call: async <T>(op: string, args: Record<string, unknown> = {}) => JSON.parse(JSON.stringify((await runOp(node.state, op, args)) ?? null)) as T,
    close: () => node.close(),
  };
}

const SOURCE = "volley-spec";
const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
let primaryReady = false;

/** Makes this process the primary that relays @socket.io/cluster-adapter's messages between workers (once). */
export function ensureClusterAdapterPrimary(): void {
  if (primaryReady) return;
  primaryReady = true;
  setupClusterAdapterPrimary();
}

/** Starts a node in a node:cluster worker (this process is the primary). */
export async function startWorkerNode(config: NodeConfig): Promise<ClusterNode> {
  return forkWorker(WORKER, { CLUSTER_NODE: JSON.stringify(config) }, config.name);
}

/**
 * Forks a node:cluster worker running `script` and drives it with
 * `{ source: "volley-spec", id, op, args }` messages; it reports `{ id: 0, result: { port } }` when ready.
 */
export async function forkWorker(script: string, env: Record<string, string>, name: string): Promise<ClusterNode> {
  ensureClusterAdapterPrimary();
  // "advanced" (structured clone) keeps Buffers intact over IPC, as @socket.io/sticky requires.
  cluster.setupPrimary({ exec: script, execArgv: ["--import", "tsx"], serialization: "advanced" });
  const config = { name };
  const worker: Worker = cluster.fork(env);
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let exited = false;
  const port = new Promise<number>((resolve, reject) => {
    pending.set(0, { resolve: (v) => resolve((v as { port: number }).port), reject });
  });
  worker.on("message", (message: { source?: string; id: number; result?: unknown; error?: string }) => {
    if (message?.source !== SOURCE) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(`${config.name}: ${message.error}`));
    else waiter?.resolve(message.result);
  });
  worker.on("exit", (code) => {
    exited = true;
    for (const waiter of pending.values()) waiter.reject(new Error(`worker ${config.name} exited with code ${code}`));
    pending.clear();
  });
  const send = <T>(op: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(`worker ${config.name} has exited`));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.send({ source: SOURCE, id, op, args });
    });
  return {
    name: config.name,
    url: `http://127.0.0.1:${await port}`,
    call: send,
    async close() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      void send("close").catch(() => {});
      // A worker that does not exit within 5 s of being asked is killed (and the spec sees no hang).
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (!exited) {
        console.warn(`  worker ${name} did not exit when asked: killed`);
        worker.kill();
        await gone;
      }
    },
  };
}

/** socket.io-client sockets of one spec, all closed by `closeAll`. */
export class Clients {
  readonly #sockets: ClientSocket[] = [];

  /** Connects to `node` (namespace `nsp`), no reconnection unless asked. */
  connect(node: ClusterNode, nsp = "/", opts: Partial<ManagerOptions & SocketOptions> = {}): ClientSocket {
    const socket = ioc(node.url + nsp, { forceNew: true, reconnection: false, transports: ["websocket"], ...opts });
    this.#sockets.push(socket);
    return socket;
  }

  closeAll(): void {
    for (const socket of this.#sockets.splice(0)) {
      socket.io.reconnection(false);
      socket.disconnect();
      socket.io.engine?.close();
    }
  }
}

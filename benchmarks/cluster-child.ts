/**
 * One node of a benchmarked cluster: a volley or socket.io 4 server on
 * @socket.io/redis-adapter, in its own process. It answers the same IPC
 * protocol as server-child.ts (`ready`, `stats`, `broadcast`, `exit`, so
 * child.ts's ServerChild drives it) plus `{ cmd: "serverCount" }`; sockets
 * connecting with `?room=1` join "room".
 *
 * Started by cluster-fanout.ts: `fork(thisFile, [kind, redisKey], { execArgv: ["--import", "tsx"] })`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient } from "redis";
import { createAdapter } from "@socket.io/redis-adapter";

type Kind = "volley" | "socket.io";

interface ClusterServer {
  on(event: "connection", listener: (socket: { handshake: { query: Record<string, unknown> }; join(room: string): unknown }) => void): unknown;
  to(room: string): { emit(event: string, ...args: unknown[]): unknown };
  of(nsp: string): { sockets: Map<string, unknown>; adapter: { serverCount(): Promise<number> } };
  close(fn?: () => void): unknown;
}

const [kind, key] = process.argv.slice(2) as [Kind, string];
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function main(): Promise<void> {
  const pub = createClient({ url: REDIS_URL, name: `${key}-${process.pid}-pub` });
  const sub = createClient({ url: REDIS_URL, name: `${key}-${process.pid}-sub` });
  pub.on("error", () => {});
  sub.on("error", () => {});
  await Promise.all([pub.connect(), sub.connect()]);
  const ServerClass = (kind === "volley" ? (await import("../lib/index.js")).Server : (await import("socket.io")).Server) as unknown as new (
    srv: unknown,
    opts: object,
  ) => ClusterServer;
  const httpServer = createServer();
  const io = new ServerClass(httpServer, { serveClient: false, pingInterval: 25_000, pingTimeout: 20_000, adapter: createAdapter(pub, sub, { key }) });
  io.on("connection", (socket) => {
    if (socket.handshake.query.room === "1") socket.join("room");
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));

  const exit = (): void => {
    setTimeout(() => process.exit(0), 2000).unref();
    io.close(() => {
      pub.destroy();
      sub.destroy();
      process.exit(0);
    });
  };
  process.on("message", async (msg: { id: number; cmd: string; count?: number; payloadSize?: number }) => {
    try {
      if (msg.cmd === "stats") {
        const mem = process.memoryUsage();
        const cpu = process.cpuUsage();
        process.send!({ id: msg.id, rss: mem.rss, heapUsed: mem.heapUsed, cpuUser: cpu.user, cpuSystem: cpu.system, sockets: io.of("/").sockets.size });
      } else if (msg.cmd === "serverCount") {
        process.send!({ id: msg.id, count: await io.of("/").adapter.serverCount() });
      } else if (msg.cmd === "broadcast") {
        const payload = "x".repeat(msg.payloadSize ?? 0);
        const before = process.cpuUsage();
        for (let i = 0; i < (msg.count ?? 0); i++) io.to("room").emit("tick", { i, payload });
        const used = process.cpuUsage(before);
        process.send!({ id: msg.id, loopCpuUs: used.user + used.system });
      } else if (msg.cmd === "exit") {
        process.send!({ id: msg.id });
        exit();
      }
    } catch (err) {
      process.send!({ id: msg.id, error: String((err as Error)?.stack ?? err) });
    }
  });
  process.on("disconnect", exit);
  process.send!({ type: "ready", port: (httpServer.address() as AddressInfo).port, kind, pid: process.pid });
}

main().catch((err) => {
  console.error("cluster-child failed:", err);
  process.exit(1);
});

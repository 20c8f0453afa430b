/**
 * io.drain(): a rolling deploy behind a load balancer. Clients connect
 * through a TCP proxy that sends each new connection to server A, or to B
 * when A no longer accepts; A drains: every client (volley and
 * socket.io-client, WebSocket, polling, upgrading) reconnects at once and
 * ends up on B with no connect_error and no disconnect reason that stops
 * reconnection; A refuses new sessions and closes.
 */
import { expect } from "chai";
import { createServer as createHttpServer } from "node:http";
import { connect, createServer, type AddressInfo, type Socket as NetSocket } from "node:net";
import { io as volleyClient } from "../../client/index.js";
import { io as officialClient } from "socket.io-client";
import { Server } from "../../lib/index.js";
import { httpCall } from "../hardening/support.js";
import { until } from "../support/wait.js";

interface Backend {
  io: Server;
  port: number;
}

async function backend(name: string): Promise<Backend> {
  const httpServer = createHttpServer();
  const io = new Server(httpServer, { pingInterval: 2000, pingTimeout: 2000 });
  io.on("connection", (socket) => socket.on("where", (ack: (name: string) => void) => ack(name)));
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  return { io, port: (httpServer.address() as AddressInfo).port };
}

/** A TCP load balancer: each connection goes to the first backend that accepts it. */
async function balancer(ports: number[]): Promise<{ port: number; close(): void }> {
  const sockets = new Set<NetSocket>();
  const server = createServer((downstream) => {
    sockets.add(downstream);
    downstream.on("error", () => {});
    downstream.pause();
    const tryBackend = (i: number): void => {
      if (i >= ports.length) return void downstream.destroy();
      const upstream = connect(ports[i]!, "127.0.0.1");
      upstream.once("error", () => tryBackend(i + 1));
      upstream.once("connect", () => {
        sockets.add(upstream);
        upstream.on("error", () => downstream.destroy());
        upstream.on("close", () => downstream.destroy());
        downstream.on("close", () => upstream.destroy());
        downstream.pipe(upstream);
        upstream.pipe(downstream);
        downstream.resume();
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

describe("io.drain(): clients move to another server without an error", function () {
  this.timeout(30000);

  it("stopAccepting(): a handshake is refused with code 3 while open sessions go on", async () => {
    const a = await backend("a");
    try {
      const { body } = await httpCall(a.port, "GET", "/socket.io/?EIO=4&transport=polling");
      const sid = (JSON.parse(body.slice(1)) as { sid: string }).sid;
      a.io.engine.stopAccepting();
      expect(a.io.engine.accepting).to.equal(false);
      const refused = await httpCall(a.port, "GET", "/socket.io/?EIO=4&transport=polling");
      expect(refused.status).to.equal(400);
      expect(JSON.parse(refused.body)).to.deep.equal({ code: 3, message: "Server is shutting down" });
      const post = await httpCall(a.port, "POST", `/socket.io/?EIO=4&transport=polling&sid=${sid}`, "40");
      expect(post).to.deep.equal({ status: 200, body: "ok" });
    } finally {
      await a.io.close();
    }
  });

  it("every client of a draining server reconnects at once to the other one; the drain ends when they left", async () => {
    const a = await backend("a");
    const b = await backend("b");
    const lb = await balancer([a.port, b.port]);
    const url = `http://127.0.0.1:${lb.port}`;
    const reconnection = { reconnectionDelay: 100, reconnectionDelayMax: 1000, forceNew: true };
    type AnyClient = ReturnType<typeof volleyClient> | ReturnType<typeof officialClient>;
    const clients: AnyClient[] = [];
    for (const transports of [["websocket"], ["polling"], ["polling", "websocket"]] as Array<Array<"polling" | "websocket">>) {
      for (let i = 0; i < 4; i++) clients.push(volleyClient(url, { transports, ...reconnection }));
      clients.push(officialClient(url, { transports, ...reconnection }));
    }
    const appErrors: string[] = [];
    const disconnects: string[] = [];
    for (const client of clients) {
      (client as ReturnType<typeof officialClient>).on("connect_error", (err: Error) => appErrors.push(err.message));
      (client as ReturnType<typeof officialClient>).on("disconnect", (reason: string) => disconnects.push(reason));
    }
    try {
      await until(() => clients.every((c) => c.connected), 10000);
      for (const client of clients) expect(await client.timeout(5000).emitWithAck("where")).to.equal("a");
      expect(a.io.of("/").sockets.size).to.equal(clients.length);

      const started = Date.now();
      const drained = a.io.drain({ graceMs: 8000 });
      expect(a.io.draining).to.equal(true);
      await until(() => b.io.of("/").sockets.size === clients.length && clients.every((c) => c.connected), 15000);
      await drained;
      const took = Date.now() - started;
      for (const client of clients) expect(await client.timeout(5000).emitWithAck("where")).to.equal("b");
      expect(appErrors, "connect_error seen by the app").to.deep.equal([]);
      expect(disconnects).to.have.length(clients.length);
      expect(new Set(disconnects)).to.deep.equal(new Set(["transport close"]));
      expect(a.io.engine.clients.size).to.equal(0);
      // ended because everyone left, not by the grace period
      expect(took, "ms the drain took").to.be.below(8000);
    } finally {
      for (const client of clients) client.disconnect();
      lb.close();
      await a.io.close().catch(() => undefined);
      await b.io.close();
    }
  });
});

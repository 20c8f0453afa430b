/**
 * Faults on the network path: a client that stops answering pings is dropped
 * by the server within pingInterval + pingTimeout; a client behind a proxy
 * that silently stops forwarding (no FIN, no RST) notices within its
 * heartbeat window, and so does the server. Bounds: the window plus a second.
 */
import { expect } from "chai";
import { createServer as createHttpServer } from "node:http";
import { connect, createServer, type AddressInfo, type Socket as NetSocket } from "node:net";
import WebSocket from "ws";
import { Server, type Socket } from "../../lib/index.js";
import { io as connectClient } from "../../client/index.js";
import { until, waitFor } from "../support/wait.js";
import { useProcessTripwire } from "../support/tripwire.js";

const PING_INTERVAL = 400;
const PING_TIMEOUT = 400;
const WINDOW = PING_INTERVAL + PING_TIMEOUT;

/** A TCP proxy to `port` that can go silent: it then drops every byte both ways and closes nothing. */
async function silentProxy(port: number): Promise<{ port: number; goSilent(): void; close(): void }> {
  let silent = false;
  const sockets = new Set<NetSocket>();
  const server = createServer((downstream) => {
    const upstream = connect(port, "127.0.0.1");
    for (const [from, to] of [
      [downstream, upstream],
      [upstream, downstream],
    ] as const) {
      sockets.add(from);
      from.on("error", () => {});
      from.on("data", (chunk: Buffer) => silent || to.write(chunk));
      // (no end/close forwarding while silent: a dead route does not say goodbye)
      from.on("end", () => silent || to.end());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    goSilent: () => (silent = true),
    close() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

describe("faults: dead and silent peers are noticed within the heartbeat window", function () {
  this.timeout(20000);
  const tripped = useProcessTripwire();
  let io: Server;
  let port: number;

  beforeEach(async () => {
    const httpServer = createHttpServer();
    io = new Server(httpServer, { pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT });
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    port = (httpServer.address() as AddressInfo).port;
  });

  afterEach(async () => {
    await io.close();
    expect(tripped, "uncaughtException / unhandledRejection").to.deep.equal([]);
  });

  it("a client that stops answering pings is dropped ('ping timeout') within pingInterval + pingTimeout", async () => {
    const disconnected = waitFor<[Socket]>(io, "connection").then(([socket]) => waitFor<[string]>(socket, "disconnect", 10000));
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    ws.on("error", () => {});
    let connectedAt = 0;
    // connects, then never answers a ping
    ws.on("message", (data) => {
      const text = String(data);
      if (text[0] === "0") ws.send("40");
      else if (text.startsWith("40")) connectedAt = Date.now();
    });
    const [reason] = await disconnected;
    expect(reason).to.equal("ping timeout");
    expect(Date.now() - connectedAt).to.be.below(WINDOW + 1000);
    ws.terminate();
  });

  for (const transports of [["websocket"], ["polling"]] as Array<Array<"polling" | "websocket">>) {
    it(`${transports[0]}: a client behind a silently dropping proxy notices within its heartbeat window, and so does the server`, async () => {
      const proxy = await silentProxy(port);
      const serverSide = waitFor<[{ on(ev: string, fn: (reason: string) => void): void }]>(io, "connection");
      const client = connectClient(`http://127.0.0.1:${proxy.port}`, { forceNew: true, reconnection: false, transports });
      try {
        await waitFor(client, "connect");
        const [socket] = await serverSide;
        const serverReason = new Promise<string>((resolve) => socket.on("disconnect", resolve));
        // one ping answered through the proxy, then the route dies
        await waitFor(client.io, "ping", 5000);
        const silentAt = Date.now();
        proxy.goSilent();
        const [clientReason] = await waitFor<[string]>(client, "disconnect", 10000);
        const clientNoticed = Date.now() - silentAt;
        expect(clientReason).to.equal("ping timeout");
        expect(clientNoticed, "ms until the client noticed").to.be.below(WINDOW + 1000);
        expect(await serverReason).to.be.oneOf(["ping timeout", "transport error", "transport close"]);
        await until(() => io.engine.clientsCount === 0, WINDOW + 1000);
      } finally {
        client.disconnect();
        proxy.close();
      }
    });
  }
});

/**
 * Soak: a few thousand connections open and close against one server
 * (WebSocket, polling-only and upgrading volley clients; some join rooms,
 * some leave acks pending; others cut off mid-handshake, before their
 * CONNECT or mid-upgrade). Afterwards the server holds nothing of them:
 * engine sessions, namespace sockets, rooms, pending acks, timers and
 * listeners are back at their baseline, and the heap is back within a small
 * margin of its baseline after GC (the numbers are printed).
 */
import { expect } from "chai";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "../../lib/index.js";
import { io as connectClient, type Socket as ClientSocket } from "../../client/index.js";
import { until } from "../support/wait.js";
import { cutBeforeConnect, cutMidHandshake, cutMidUpgrade, pendingTimers, settledHeap } from "./support.js";
import { failOnProcessErrors } from "../support/tripwire.js";

const MiB = 1024 * 1024;
const CONNECTIONS = 2000;
const CONCURRENCY = 250;
/** Heap growth allowed after the soak, once collected (the baseline is taken after a warm-up). */
const HEAP_MARGIN = 4 * MiB;

interface Counts {
  engineClients: number;
  sockets: number;
  rooms: number;
  sids: number;
  timers: number;
  listeners: number;
}

describe("soak: thousands of connections leave nothing behind on the server", function () {
  this.timeout(120000);
  failOnProcessErrors();
  let httpServer: HttpServer;
  let io: Server;
  let port: number;
  /** Acks still pending on a socket after its "disconnect" (must stay 0). */
  let leftoverAcks: number;
  /** Acks the server registered and the client never answered. */
  let ackedEmits: number;
  /** Client-side failures (connect_error, a failed poll): tolerated if few, printed. */
  const clientFailures: string[] = [];

  before(async () => {
    httpServer = createServer();
    // a heartbeat long enough for a busy 2-core machine, short enough that abandoned sessions end within the spec
    io = new Server(httpServer, { pingInterval: 3000, pingTimeout: 3000 });
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    port = (httpServer.address() as AddressInfo).port;
    leftoverAcks = 0;
    ackedEmits = 0;
    io.on("connection", (socket: Socket) => {
      socket.on("join", (room: string, ack: () => void) => {
        socket.join(room);
        ack();
      });
      // three asks the client never answers: they stay pending until the disconnect
      socket.on("hold", (ack: () => void) => {
        for (let i = 0; i < 3; i++) socket.emit("ask", i, () => {});
        ackedEmits += 3;
        ack();
      });
      socket.on("disconnect", () => setImmediate(() => (leftoverAcks += socket.acks.pending.size)));
    });
  });

  after(async () => {
    await io.close();
  });

  function counts(): Counts {
    const adapter = io.of("/").adapter;
    return {
      engineClients: io.engine.clients.size,
      sockets: io.of("/").sockets.size,
      rooms: adapter.rooms.size,
      sids: adapter.sids.size,
      timers: pendingTimers(),
      listeners:
        httpServer.listenerCount("request") +
        httpServer.listenerCount("upgrade") +
        httpServer.listenerCount("close") +
        io.engine.listenerCount("connection") +
        io.of("/").listenerCount("connection"),
    };
  }

  /** One connection of kind `i % 10`: 3 WebSocket, 2 polling, 2 upgrading clients, 3 kinds of cut-off. */
  async function oneConnection(i: number): Promise<void> {
    const kind = i % 10;
    if (kind === 7) return cutMidHandshake(port);
    if (kind === 8) return cutBeforeConnect(port);
    if (kind === 9) return cutMidUpgrade(port);
    const transports: Array<"polling" | "websocket"> = kind < 3 ? ["websocket"] : kind < 5 ? ["polling"] : ["polling", "websocket"];
    const client: ClientSocket = connectClient(`http://127.0.0.1:${port}`, { forceNew: true, reconnection: false, transports });
    try {
      await new Promise<void>((resolve, reject) => {
        const watchdog = setTimeout(() => {
          const engine = client.io.engine;
          reject(new Error(`no connect after 15 s: manager ${client.io._readyState}, engine ${engine?.readyState} over ${engine?.transport?.name}`));
        }, 15000);
        client.once("connect", () => (clearTimeout(watchdog), resolve()));
        client.once("connect_error", (err) => (clearTimeout(watchdog), reject(err)));
      });
      if (i % 2 === 0) await client.timeout(10000).emitWithAck("join", `room-${i % 7}`);
      if (i % 3 === 0) await client.timeout(10000).emitWithAck("hold");

    } finally {
      // half leave politely, half drop the engine connection
      if (i % 4 === 0) client.io.engine.close();
      client.disconnect();
    }
  }

  async function soak(from: number, count: number): Promise<void> {
    for (let start = from; start < from + count; start += CONCURRENCY) {
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, from + count - start) }, (_, k) =>
          oneConnection(start + k).catch((err: unknown) => {
            // the client side gave up (on a busy machine a poll may fail): the server must release it all the same
            clientFailures.push(String(err));
          }),
        ),
      );
    }
  }

  /** Waits until the server dropped every session of the soak (abandoned ones end on their ping timeout). */
  async function drained(baseline: Counts): Promise<void> {
    await until(() => io.engine.clients.size === baseline.engineClients && io.of("/").sockets.size === baseline.sockets, 20000);
    // idle keep-alive HTTP connections and their timers belong to node:http, not to volley
    httpServer.closeIdleConnections();
    await until(() => counts().timers <= baseline.timers, 10000).catch(() => undefined);
  }

  it(`${CONNECTIONS} connections: sessions, sockets, rooms, acks, timers, listeners back to baseline, heap within ${HEAP_MARGIN / MiB} MiB`, async () => {
    const startedAt = Date.now();
    // warm-up: lazy initialisation and JIT caches belong in the baseline
    await soak(0, 200);
    const empty = { engineClients: 0, sockets: 0, rooms: 0, sids: 0 };
    await drained({ ...counts(), ...empty });
    const baseline = counts();
    expect(baseline).to.include(empty);
    const heapBefore = await settledHeap();

    await soak(200, CONNECTIONS);
    const peakAcks = ackedEmits;
    await drained(baseline);
    const after = counts();
    const heapAfter = await settledHeap();
    console.log(
      `      soak: ${CONNECTIONS} connections in ${Date.now() - startedAt} ms; acks left pending by clients ${peakAcks}, ` +
        `still pending after disconnect ${leftoverAcks}; heap ${(heapBefore / MiB).toFixed(1)} MiB → ${(heapAfter / MiB).toFixed(1)} MiB; ` +
        `counts ${JSON.stringify(after)} (baseline ${JSON.stringify(baseline)}); client-side failures ${clientFailures.length}` +
        (clientFailures.length ? ` (first: ${clientFailures[0]})` : ""),
    );
    expect(clientFailures.length, "client-side failures").to.be.below(CONNECTIONS / 20);
    expect(peakAcks).to.be.greaterThan(CONNECTIONS / 10);
    expect(leftoverAcks).to.equal(0);
    expect(after).to.deep.equal(baseline);
    expect(heapAfter - heapBefore).to.be.below(HEAP_MARGIN);
  });
});

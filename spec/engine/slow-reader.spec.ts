/**
 * Slow readers: a client that stops reading must not make server memory grow
 * without bound. Past maxBufferedBytes its session closes ("transport error",
 * a description with both numbers); past the low watermark (maxBufferedBytes
 * / 16) a WebSocket is not writable, so volatile packets are dropped while
 * the others wait in order and go out once the socket drains.
 *
 * The stalled client pauses its socket with ws's public `pause()`: the
 * kernel buffers fill, then ws's `bufferedAmount` grows.
 */
import { expect } from "chai";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import { WebSocket } from "ws";
import type { EngineSocket } from "../../lib/engine/index.js";
import { resolveEngineOptions } from "../../lib/engine/options.js";
import { Server, type Socket } from "../../lib/index.js";
import { pollingHandshake, sleep, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

const LIMIT = 256 * 1024;
const BIG = "x".repeat(32 * 1024);
// Enough to fill loopback kernel buffers several times over; the loops stop long before.
const MAX_ROUNDS = 3000;

/** A WebSocket client that counts text frames (keeping none) and answers pings. */
interface CountingClient {
  ws: WebSocket;
  /** The first 11 characters of every text frame, in order (not the frames: they are large). */
  heads: string[];
  /** Every text frame shorter than 200 characters, in order. */
  small: string[];
}

function count(client: CountingClient, head: string): number {
  let n = 0;
  for (const h of client.heads) if (h === head) n++;
  return n;
}

function countingClient(url: string): Promise<CountingClient> {
  const ws = new WebSocket(url);
  const client: CountingClient = { ws, heads: [], small: [] };
  ws.on("message", (data: Buffer) => {
    const text = data.toString("utf8");
    if (text === "2") ws.send("3");
    client.heads.push(text.slice(0, 11));
    if (text.length < 200) client.small.push(text);
  });
  ws.on("error", () => {
    // The stalled client's socket is destroyed by the server: expected.
  });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(client));
    ws.once("error", reject);
  });
}

function openConnections(http: HttpServer): Promise<number> {
  return new Promise((resolve, reject) => http.getConnections((err, n) => (err ? reject(err) : resolve(n))));
}

/** Waits (within a bound far below ws's 30 s closing timeout) until the server holds `n` connections. */
async function connectionsDropTo(http: HttpServer, n: number): Promise<void> {
  const end = Date.now() + 2000;
  while ((await openConnections(http)) !== n) {
    if (Date.now() > end) throw new Error(`still ${await openConnections(http)} connections, expected ${n}`);
    await sleep(10);
  }
}

async function until(check: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await sleep(10);
  }
}

describe("engine: slow readers (maxBufferedBytes)", function () {
  this.timeout(10000);
  let t: TestEngine | undefined;
  const clients: WebSocket[] = [];

  afterEach(async function () {
    for (const ws of clients.splice(0)) ws.terminate();
    await t?.close();
    t = undefined;
  });

  it("defaults to 16 MiB", function () {
    expect(resolveEngineOptions().maxBufferedBytes).to.equal(16 * 1024 * 1024);
    expect(resolveEngineOptions({ maxBufferedBytes: 1234 }).maxBufferedBytes).to.equal(1234);
  });

  it("closes a WebSocket session whose client stopped reading; a healthy client keeps receiving", async function () {
    t = await startEngine({ maxBufferedBytes: LIMIT, pingInterval: 10000, pingTimeout: 10000, transports: ["websocket"] });
    const sessions: EngineSocket[] = [];
    t.engine.on("connection", (s) => sessions.push(s));
    const url = `ws://127.0.0.1:${t.port}${t.path("EIO=4&transport=websocket")}`;
    const slow = await countingClient(url);
    const healthy = await countingClient(url);
    clients.push(slow.ws, healthy.ws);
    await until(() => sessions.length === 2 && slow.heads.length === 1 && healthy.heads.length === 1, 3000, "both sessions open");
    const [slowSession, healthySession] = sessions as [EngineSocket, EngineSocket];
    const closed = waitForEvent<[string, unknown]>(slowSession, "close", 8000);
    slow.ws.pause();

    let sentToHealthy = 0;
    for (let round = 0; round < MAX_ROUNDS && slowSession.readyState === "open"; round++) {
      slowSession.send(BIG);
      healthySession.send(BIG);
      sentToHealthy++;
      await nextTurn();
    }
    const [reason, description] = await closed;
    expect(reason).to.equal("transport error");
    expect(description).to.be.instanceOf(Error);
    const { message, code } = description as Error & { code: string };
    expect(code).to.equal("CLIENT_NOT_READING");
    const match = /^client is not reading: (\d+) bytes waiting \(maxBufferedBytes 262144\)$/.exec(message);
    expect(match, message).to.not.equal(null);
    expect(Number(match![1])).to.be.greaterThan(LIMIT);

    // The healthy client got every message, and its session goes on.
    await until(() => count(healthy, "4" + BIG.slice(0, 10)) === sentToHealthy, 5000, "healthy client caught up");
    expect(healthySession.readyState).to.equal("open");
    healthySession.send("still here");
    await until(() => healthy.small.includes("4still here"), 3000, "message after the slow client closed");
    // The server dropped the stalled connection at once (its unread bytes with it), not after
    // ws's closing timeout: only the healthy client's connection is left.
    await connectionsDropTo(t.http, 1);
  });

  it("checks ws's buffer once per flush: a flush that leaves more than the limit waiting closes at once", async function () {
    t = await startEngine({ maxBufferedBytes: LIMIT, pingInterval: 10000, pingTimeout: 10000, transports: ["websocket"] });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const client = await countingClient(`ws://127.0.0.1:${t.port}${t.path("EIO=4&transport=websocket")}`);
    clients.push(client.ws);
    const [session] = await connection;
    client.ws.pause();
    const closed = waitForEvent<[string, Error]>(session, "close");
    // One frame larger than the whole limit: no kernel buffer can make that fit.
    session.send("y".repeat(LIMIT));
    expect(session.readyState).to.equal("open");
    const [reason, description] = await closed;
    expect(reason).to.equal("transport error");
    // The frame as it goes on the wire: "4" + the data, after a 10-byte header (a payload over 64 KiB).
    expect(description.message).to.equal(`client is not reading: ${LIMIT + 1 + 10} bytes waiting (maxBufferedBytes ${LIMIT})`);
    await connectionsDropTo(t.http, 0);
  });

  it("closes a polling session whose client stopped polling once its write buffer passes the limit", async function () {
    t = await startEngine({ maxBufferedBytes: LIMIT, pingInterval: 10000, pingTimeout: 10000, transports: ["polling"] });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    await pollingHandshake(t);
    const [session] = await connection;
    const closed = waitForEvent<[string, Error]>(session, "close");
    // No GET is held: everything waits in the session.
    for (let i = 0; i < 8; i++) session.send(BIG);
    expect(session.readyState).to.equal("open");
    session.send(BIG);
    // Refused at once, closed on the next turn (not inside the app's send).
    expect(session.readyState).to.equal("closing");
    const [reason, description] = await closed;
    expect(reason).to.equal("transport error");
    expect(description.message).to.equal(`client is not reading: ${9 * BIG.length} bytes waiting (maxBufferedBytes ${LIMIT})`);
    expect(t.engine.clientsCount).to.equal(0);
  });
});

describe("server: volatile packets to a slow WebSocket reader", function () {
  this.timeout(10000);
  let httpServer: HttpServer | undefined;
  let io: Server | undefined;
  const clients: WebSocket[] = [];

  afterEach(async function () {
    for (const ws of clients.splice(0)) ws.terminate();
    io?.close();
    httpServer?.closeAllConnections();
    if (httpServer) await new Promise<void>((resolve) => httpServer!.close(() => resolve()));
    io = httpServer = undefined;
  });

  it("are dropped while over the low watermark; other packets wait in order and arrive after the drain", async function () {
    httpServer = createServer();
    io = new Server(httpServer, { maxBufferedBytes: LIMIT, pingInterval: 10000, pingTimeout: 10000, transports: ["websocket"] });
    const connected = waitForEvent<[Socket]>(io, "connection");
    await new Promise<void>((resolve) => httpServer!.listen(0, "127.0.0.1", resolve));
    const port = (httpServer.address() as AddressInfo).port;
    const client = await countingClient(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    clients.push(client.ws);
    client.ws.send("40");
    const [socket] = await connected;
    await until(() => client.small.some((f) => f.startsWith("40{")), 3000, "namespace connected");

    // Not congested: a volatile packet goes out.
    socket.volatile.emit("v", "before");
    await until(() => client.small.includes('42["v","before"]'), 3000, "volatile before the stall");

    client.ws.pause();
    let bigSent = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      socket.emit("big", BIG);
      bigSent++;
      await nextTurn();
      if (socket.conn.transport.writable) continue;
      // Not writable for a moment is normal for a large frame; staying so means the client stalled.
      await sleep(30);
      if (!socket.conn.transport.writable) break;
    }
    expect(socket.conn.transport.writable).to.equal(false);
    for (let i = 0; i < 5; i++) socket.volatile.emit("v", `dropped ${i}`);
    socket.emit("after", "kept");
    expect(socket.connected).to.equal(true);

    client.ws.resume();
    await until(() => client.small.includes('42["after","kept"]'), 5000, "the buffered packet after the drain");
    expect(count(client, '42["big","x')).to.equal(bigSent);
    expect(client.small.filter((f) => f.startsWith('42["v"'))).to.deep.equal(['42["v","before"]']);
    // In order: "after" came after every "big".
    expect(client.heads.lastIndexOf('42["after",')).to.be.greaterThan(client.heads.lastIndexOf('42["big","x'));
    expect(socket.connected).to.equal(true);
    expect(socket.conn.transport.writable).to.equal(true);
  });
});

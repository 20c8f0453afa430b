/**
 * Regression: after a "ping timeout" the side that gave up closed its
 * WebSocket with the closing handshake, which a dead peer never answers, so
 * the TCP connection (and its buffers) stayed open for ws's 30 s closing
 * timeout. Both sides now drop it at once: the server (lib/engine/socket.ts
 * heartbeatTimedOut) and the Node client (client/engine, ws.terminate()).
 *
 * The dead peer is a raw TCP socket that did the WebSocket handshake and then
 * never answers anything, not even a close frame: the connection can only end
 * because the other side dropped it. Bound: the heartbeat window plus a second.
 */
import { expect } from "chai";
import { createHash } from "node:crypto";
import { createServer as createHttpServer } from "node:http";
import { connect, createServer, type AddressInfo, type Server as NetServer, type Socket as NetSocket } from "node:net";
import { Server } from "../../lib/index.js";
import { EngineClient } from "../../client/engine/index.js";

const PING_INTERVAL = 300;
const PING_TIMEOUT = 300;
const BOUND = PING_INTERVAL + PING_TIMEOUT + 1000;

/** Resolves with the time at which the peer ended or dropped `socket`. */
function endedAt(socket: NetSocket): Promise<number> {
  return new Promise((resolve) => {
    const done = (): void => resolve(Date.now());
    socket.once("end", done);
    socket.once("close", done);
    socket.on("error", () => {});
  });
}

describe("regression: a dead peer's TCP connection is released at once on ping timeout", function () {
  this.timeout(15000);
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  it("the server drops a WebSocket client that stopped answering, within the heartbeat window plus a second", async () => {
    const httpServer = createHttpServer();
    const io = new Server(httpServer, { pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT, transports: ["websocket"] });
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => io.close());
    const reasons: string[] = [];
    io.engine.on("connection", (conn) => conn.on("close", (reason: string) => reasons.push(reason)));

    const { port } = httpServer.address() as AddressInfo;
    const socket = connect(port, "127.0.0.1");
    cleanups.push(() => socket.destroy());
    const ended = endedAt(socket);
    socket.write(
      "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    // the open packet arrived: from now on the peer reads but never writes (no pong, no close frame)
    let received = "";
    await new Promise<void>((resolve) =>
      socket.on("data", (chunk: Buffer) => {
        received += chunk.toString("latin1");
        if (received.includes('"sid"')) resolve();
      }),
    );
    const opened = Date.now();
    const at = await ended;
    expect(reasons).to.deep.equal(["ping timeout"]);
    expect(at - opened, "ms until the server dropped the connection").to.be.below(BOUND);
  });

  it("the Node client drops the WebSocket of a server that stopped pinging, within the heartbeat window plus a second", async () => {
    // a stub server: the WebSocket handshake and the open packet, then silence
    const sockets: NetSocket[] = [];
    let serverSide: Promise<number> | undefined;
    const stub: NetServer = createServer((socket) => {
      sockets.push(socket);
      serverSide = endedAt(socket);
      socket.once("data", (chunk: Buffer) => {
        const key = /sec-websocket-key: (.*)\r\n/i.exec(chunk.toString("latin1"))![1]!.trim();
        const accept = createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
        const open = "0" + JSON.stringify({ sid: "dead", upgrades: [], pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT, maxPayload: 1e6 });
        socket.write(Buffer.concat([Buffer.from([0x81, open.length]), Buffer.from(open)]));
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => stub.close(resolve)));
    cleanups.push(() => sockets.forEach((s) => s.destroy()));

    const engine = new EngineClient(`http://127.0.0.1:${(stub.address() as AddressInfo).port}`, { transports: ["websocket"] });
    cleanups.push(() => engine.close());
    const closed = new Promise<string>((resolve) => engine.on("close", (reason) => resolve(reason)));
    const opening = new Promise<number>((resolve) => engine.on("open", () => resolve(Date.now())));
    engine.open();
    const opened = await opening;
    expect(await closed).to.equal("ping timeout");
    const at = await serverSide!;
    expect(at - opened, "ms until the client dropped the connection").to.be.below(BOUND);
  });
});

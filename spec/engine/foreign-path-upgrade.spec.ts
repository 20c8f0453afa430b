/**
 * An upgrade request for a path that is not volley's, on an http server
 * where volley's is the only "upgrade" listener: nobody else would ever
 * answer it (Node stops closing them itself once a listener exists), so it
 * is answered 404 and closed after destroyUpgradeTimeout (engine.io's
 * destroyUpgrade), instead of staying open until the client gives up
 * (20 s for a websocket-only socket.io client). Upgrades that another
 * listener received are left to it.
 */
import { expect } from "chai";
import { createServer, type Server as HttpServer } from "node:http";
import { connect, type AddressInfo } from "node:net";
import express from "express";
import { io as volleyClient } from "../../client/index.js";
import { Server } from "../../lib/index.js";
import { openRawWs, sleep, startEngine, type TestEngine } from "../support/engine-helpers.js";

/** A generous bound for "within about a second" on a busy 2-core machine. */
const CLOSED_WITHIN_MS = 5000;

interface RawUpgrade {
  /** Resolves when the server closed the connection, with what it wrote. */
  closed: Promise<string>;
  /** Whether the connection is still open. */
  isOpen(): boolean;
  end(): void;
}

/** Sends a WebSocket upgrade request for `path` by hand and watches the connection. */
function rawUpgrade(port: number, path: string): RawUpgrade {
  const socket = connect(port, "127.0.0.1");
  let received = "";
  let open = true;
  socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
  socket.on("error", () => undefined);
  const closed = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the upgrade for ${path} was still open after ${CLOSED_WITHIN_MS} ms`)), CLOSED_WITHIN_MS);
    socket.on("close", () => {
      open = false;
      clearTimeout(timer);
      resolve(received);
    });
  });
  // an unhandled rejection when a spec only checks isOpen(): the promise is awaited by those that need it
  closed.catch(() => undefined);
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  return { closed, isOpen: () => open, end: () => socket.destroy() };
}

/**
 * The server side of every connection `server` accepts, destroyed by the
 * returned cleanup: an upgrade request that is left open no longer belongs
 * to the http server, whose close() would wait for it.
 */
function serverSockets(server: HttpServer): () => void {
  const sockets: Array<{ destroy(): void }> = [];
  server.on("connection", (socket) => sockets.push(socket));
  return () => sockets.forEach((socket) => socket.destroy());
}

async function listen(server: HttpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("engine: an upgrade for another path is not left open", () => {
  let t: TestEngine | undefined;
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await t?.close();
    t = undefined;
  });

  it("is answered 404 and closed within about a second, while the engine's own path upgrades", async () => {
    t = await startEngine();
    const own = await openRawWs(t, "EIO=4&transport=websocket");
    cleanups.push(() => own.ws.terminate());
    expect((await own.next()).data).to.match(/^0\{"sid"/);

    const foreign = rawUpgrade(t.port, "/not-volley/?EIO=4&transport=websocket");
    const answer = await foreign.closed;
    expect(answer).to.match(/^HTTP\/1\.1 404 Not Found\r\n/);
    // the engine's own WebSocket is unharmed
    expect(own.ws.readyState).to.equal(own.ws.OPEN);
  });

  it("waits destroyUpgradeTimeout first: something that answered meanwhile keeps the socket", async () => {
    t = await startEngine(undefined, { destroyUpgradeTimeout: 200 });
    cleanups.push(serverSockets(t.http));
    // not an "upgrade" listener (volley would leave the request to it): the app reaches the socket another way
    t.http.on("connection", (socket) => {
      setTimeout(() => socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"), 20);
    });
    const foreign = rawUpgrade(t.port, "/elsewhere");
    cleanups.push(() => foreign.end());
    await sleep(600);
    expect(foreign.isOpen()).to.equal(true);
  });

  it("leaves it to another upgrade listener of the server", async () => {
    t = await startEngine(undefined, { destroyUpgradeTimeout: 10 });
    cleanups.push(serverSockets(t.http));
    const held: unknown[] = [];
    // another WebSocket server that takes its time (e.g. authenticates first)
    t.http.on("upgrade", (_req, socket) => held.push(socket));
    const foreign = rawUpgrade(t.port, "/other-ws");
    await sleep(300);
    expect(held).to.have.length(1);
    expect(foreign.isOpen()).to.equal(true);
    foreign.end();
  });

  it("destroyUpgrade: false leaves it open", async () => {
    t = await startEngine(undefined, { destroyUpgrade: false, destroyUpgradeTimeout: 10 });
    cleanups.push(serverSockets(t.http));
    const foreign = rawUpgrade(t.port, "/other-ws");
    cleanups.push(() => foreign.end());
    await sleep(300);
    expect(foreign.isOpen()).to.equal(true);
  });
});

describe("server: an upgrade for another path is not left open", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("new Server(httpServer): closed, and the Server's options decide (destroyUpgradeTimeout)", async () => {
    const httpServer = createServer();
    const io = new Server(httpServer, { destroyUpgradeTimeout: 100 });
    const port = await listen(httpServer);
    cleanups.push(() => io.close());
    const answer = await rawUpgrade(port, "/chat").closed;
    expect(answer).to.match(/^HTTP\/1\.1 404/);

    const off = new Server(createServer(), { destroyUpgrade: false, destroyUpgradeTimeout: 10 });
    const offPort = await listen(off.httpServer!);
    cleanups.push(() => off.close());
    cleanups.push(serverSockets(off.httpServer!));
    const left = rawUpgrade(offPort, "/chat");
    cleanups.push(() => left.end());
    await sleep(300);
    expect(left.isOpen()).to.equal(true);
  });

  it("Express: io.middleware() then io.attach(server): closed too", async () => {
    const app = express();
    const io = new Server({ destroyUpgradeTimeout: 100 });
    app.use(io.middleware());
    const httpServer = createServer(app);
    io.attach(httpServer);
    const port = await listen(httpServer);
    cleanups.push(() => io.close());
    const answer = await rawUpgrade(port, "/ws").closed;
    expect(answer).to.match(/^HTTP\/1\.1 404/);
  });

  it("a websocket-only client with the wrong path fails fast instead of waiting for its 20 s timeout", async () => {
    const httpServer = createServer();
    const io = new Server(httpServer);
    const port = await listen(httpServer);
    cleanups.push(() => io.close());
    const started = Date.now();
    const socket = volleyClient(`http://127.0.0.1:${port}`, { path: "/rt/", transports: ["websocket"], forceNew: true, reconnection: false });
    cleanups.push(() => socket.disconnect());
    const err = await new Promise<Error>((resolve) => socket.once("connect_error", resolve));
    expect(Date.now() - started).to.be.below(CLOSED_WITHIN_MS);
    expect(err.message).to.match(/^websocket handshake failed: .*404/);
  });
});

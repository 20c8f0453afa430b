import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { Server as EngineServer } from "engine.io";
import defaultIo, { connect, io, Manager, protocol, Socket } from "../../client/index.js";
import { ManagerPool, once, sleep, socketIoFactory, startServer, until, type TestServer } from "../support/client-helpers.js";

const FAST = { reconnectionDelay: 20, reconnectionDelayMax: 40 };

describe("client io() and Manager", () => {
  let server: TestServer | undefined;
  const pool = new ManagerPool();

  afterEach(async () => {
    pool.closeAll();
    await server?.close();
    server = undefined;
  });

  it("exports socket.io-client's names", () => {
    expect(protocol).to.equal(5);
    expect(connect).to.equal(io);
    expect(defaultIo).to.equal(io);
    expect(Manager).to.be.a("function");
    expect(Socket).to.be.a("function");
  });

  it("shares one Manager between namespaces of one server, unless told otherwise", async () => {
    server = await startServer(socketIoFactory);
    server.io.of("/a");
    const root = pool.add(io(server.url, { autoConnect: false }));
    const a = pool.add(io(server.url + "/a", { autoConnect: false }));
    expect(a.io).to.equal(root.io);
    expect(root.nsp).to.equal("/");
    expect(a.nsp).to.equal("/a");
    // a namespace already in the cached Manager gets a new connection
    expect(pool.add(io(server.url, { autoConnect: false })).io).not.to.equal(root.io);
    expect(pool.add(io(server.url + "/b", { forceNew: true, autoConnect: false })).io).not.to.equal(root.io);
    expect(pool.add(io(server.url + "/c", { multiplex: false, autoConnect: false })).io).not.to.equal(root.io);
    // the cached Manager must not outlive this test
    root.io.disconnect();
  });

  it("passes the URI's query to the engine", async () => {
    server = await startServer(socketIoFactory);
    const query = new Promise<Record<string, string>>((resolve) =>
      server!.io.on("connection", (s: { handshake: { query: Record<string, string> } }) => resolve(s.handshake.query)),
    );
    pool.add(io(server.url + "/?room=blue", { forceNew: true }));
    expect((await query).room).to.equal("blue");
  });

  it("does not connect with autoConnect false until asked", async () => {
    server = await startServer(socketIoFactory);
    const socket = pool.add(io(server.url, { forceNew: true, autoConnect: false }));
    await sleep(100);
    expect(socket.io.engine).to.equal(undefined);
    expect(socket.active).to.equal(false);
    socket.connect();
    await once(socket, "connect");
    expect(socket.connected).to.equal(true);
  });

  it("throws on reserved event names", async () => {
    const socket = pool.add(io("http://127.0.0.1:1", { forceNew: true, autoConnect: false }));
    for (const name of ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]) {
      expect(() => socket.emit(name)).to.throw(`"${name}" is a reserved event name`);
    }
    expect(socket.sendBuffer).to.have.length(0);
  });

  it("drops volatile events while offline and buffers the others", () => {
    const socket = pool.add(io("http://127.0.0.1:1", { forceNew: true, autoConnect: false }));
    socket.volatile.emit("gone", 1);
    socket.emit("kept", 2);
    expect(socket.sendBuffer.map((p) => p.data)).to.deep.equal([["kept", 2]]);
  });

  it("closes the engine when the last socket disconnects", async () => {
    server = await startServer(socketIoFactory);
    server.io.of("/a");
    const root = pool.add(io(server.url, { forceNew: true }));
    const a = root.io.socket("/a");
    await Promise.all([once(root, "connect"), once(a, "connect")]);
    const engine = root.io.engine!;
    root.disconnect();
    expect(root.io.engine).to.equal(engine);
    expect(a.connected).to.equal(true);
    const closed = once(root.io, "close");
    a.disconnect();
    expect((await closed)[0]).to.equal("forced close");
    // kept after closing, as socket.io-client does, so disconnect listeners can still read it
    expect(root.io.engine).to.equal(engine);
    // the engine flushes what it has, then closes
    if (engine.readyState !== "closed") await new Promise((resolve) => engine.once("close", resolve));
    expect(engine.readyState).to.equal("closed");
  });

  it("keeps trying an unreachable server, then gives up after reconnectionAttempts", async () => {
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as AddressInfo;
    await new Promise((resolve) => http.close(resolve));
    const socket = pool.add(io(`http://127.0.0.1:${port}`, { forceNew: true, reconnectionAttempts: 2, ...FAST }));
    const events: string[] = [];
    socket.on("connect_error", () => events.push("connect_error"));
    socket.io.on("reconnect_attempt", (n) => events.push(`attempt ${n}`));
    socket.io.on("reconnect_error", () => events.push("reconnect_error"));
    await once(socket.io, "reconnect_failed");
    expect(events).to.deep.equal([
      "connect_error",
      "attempt 1",
      "connect_error",
      "reconnect_error",
      "attempt 2",
      "connect_error",
      "reconnect_error",
    ]);
    expect(socket.connected).to.equal(false);
  });

  it("fails a connection attempt that exceeds the timeout option", async () => {
    // a server that accepts TCP but never answers HTTP
    const http = createServer(() => {});
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as AddressInfo;
    try {
      const manager = pool.add({ io: new Manager(`http://127.0.0.1:${port}`, { timeout: 100, reconnection: false }) }).io;
      const [err] = await once<[Error]>(manager, "error");
      expect(err.message).to.match(/timeout/);
      expect(manager._readyState).to.equal("closed");
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it("exposes the reconnection settings as getters and setters", () => {
    const manager = new Manager("http://127.0.0.1:1", { autoConnect: false, reconnectionDelay: 10 });
    expect(manager.reconnection()).to.equal(true);
    expect(manager.reconnectionAttempts()).to.equal(Infinity);
    expect(manager.reconnectionDelay()).to.equal(10);
    expect(manager.reconnectionDelayMax()).to.equal(5000);
    expect(manager.randomizationFactor()).to.equal(0.5);
    expect(manager.timeout()).to.equal(20000);
    manager.reconnection(false).reconnectionAttempts(3).reconnectionDelay(5).reconnectionDelayMax(50).randomizationFactor(0);
    expect(manager.reconnection()).to.equal(false);
    expect(manager.reconnectionAttempts()).to.equal(3);
    expect(manager.reconnectionDelay()).to.equal(5);
    expect(manager.randomizationFactor()).to.equal(0);
    expect(manager.timeout(false).timeout()).to.equal(false);
    expect(manager.reconnectionDelayMax()).to.equal(50);
  });

  it("reports a network drop with close code 1006 and wasClean false", async () => {
    server = await startServer(socketIoFactory);
    const serverSocket = new Promise<{ conn: { transport: { socket: { terminate(): void } } } }>((resolve) =>
      server!.io.on("connection", resolve),
    );
    const socket = pool.add(io(server.url, { forceNew: true, transports: ["websocket"], ...FAST }));
    await once(socket, "connect");
    const disconnected = once<[string, { code?: number; wasClean?: boolean }]>(socket, "disconnect");
    (await serverSocket).conn.transport.socket.terminate();
    const [reason, details] = await disconnected;
    expect(reason).to.equal("transport close");
    expect(details.code).to.equal(1006);
    expect(details.wasClean).to.equal(false);
  });

  it("closes with parse error on a packet it cannot decode, then reconnects", async () => {
    const http = createServer();
    const engine = new EngineServer({ pingInterval: 300 });
    engine.attach(http, { path: "/socket.io/" });
    let sessions = 0;
    engine.on("connection", (conn) => {
      sessions++;
      conn.on("message", (data: string) => {
        if (data.startsWith("0")) {
          conn.send('0{"sid":"s1"}');
          if (sessions === 1) setTimeout(() => conn.send("2[not json"), 20);
        }
      });
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as AddressInfo;
    try {
      const socket = pool.add(io(`http://127.0.0.1:${port}`, { forceNew: true, transports: ["websocket"], ...FAST }));
      await once(socket, "connect");
      const [reason] = await once(socket, "disconnect");
      expect(reason).to.equal("parse error");
      await once(socket, "connect");
      expect(sessions).to.equal(2);
    } finally {
      pool.closeAll();
      engine.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it("sends pid and offset merged into auth after a recoverable drop", async () => {
    server = await startServer(socketIoFactory, { connectionStateRecovery: {} });
    const auths: Record<string, unknown>[] = [];
    const conns: { conn: { close(): void } }[] = [];
    server.io.on("connection", (s: { handshake: { auth: Record<string, unknown> }; conn: { close(): void } }) => {
      auths.push(s.handshake.auth);
      conns.push(s);
    });
    const socket = pool.add(io(server.url, { forceNew: true, auth: { user: "ada" }, transports: ["websocket"], ...FAST }));
    await once(socket, "connect");
    server.io.emit("e");
    await once(socket, "e");
    conns[0]!.conn.close();
    await once(socket.io, "reconnect");
    await until(() => socket.connected);
    expect(socket.recovered).to.equal(true);
    expect(auths[0]).to.deep.equal({ user: "ada" });
    expect(auths[1]).to.have.all.keys("user", "pid", "offset");
    expect(auths[1]!.user).to.equal("ada");
    expect(auths[1]!.pid).to.be.a("string").and.have.length.above(0);
    expect(auths[1]!.offset).to.be.a("string").and.have.length.above(0);
  });
});

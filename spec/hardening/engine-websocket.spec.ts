/**
 * Hostile WebSocket frames against the engine (raw `ws` connections), while
 * good clients keep exchanging acked events on the same server.
 */
import { expect } from "chai";
import WebSocket from "ws";
import { startArena, rawWebSocket, pollingHandshake, httpCall, waitUntil, type Arena } from "./support.js";

describe("hardening: hostile WebSocket frames to the engine", function () {
  this.timeout(10000);
  let arena: Arena;

  beforeEach(async () => {
    arena = await startArena({ maxHttpBufferSize: 10_000 });
  });

  afterEach(async () => {
    await arena.close();
  });

  it("an invalid UTF-8 text frame closes that WebSocket with 1007", async () => {
    const a = await rawWebSocket(arena.port);
    a.ws.send(Buffer.from([0x34, 0xff, 0xfe]), { binary: false });
    expect(await a.closed).to.equal(1007);
    await waitUntil(() => arena.engineCloses.has(a.sid));
    expect(arena.engineCloses.get(a.sid)).to.equal("transport error");
    await arena.assertGoodClientsUnharmed();
  });

  it("a frame over maxHttpBufferSize closes that WebSocket with 1009", async () => {
    const a = await rawWebSocket(arena.port);
    a.ws.send("4" + "x".repeat(20_000));
    expect(await a.closed).to.equal(1009);
    await waitUntil(() => arena.engineCloses.has(a.sid));
    expect(arena.engineCloses.get(a.sid)).to.equal("transport error");
    await arena.assertGoodClientsUnharmed();
  });

  it("a binary frame before any Socket.IO CONNECT closes that session only", async () => {
    const a = await rawWebSocket(arena.port);
    a.ws.send(Buffer.from([1, 2, 3]));
    await a.closed;
    await waitUntil(() => arena.engineCloses.has(a.sid));
    // The Socket.IO decoder had no binary packet waiting: it closes its connection.
    expect(arena.engineCloses.get(a.sid)).to.equal("forced close");
    await arena.assertGoodClientsUnharmed();
  });

  it("a binary frame on an upgrade probe closes the probe; the polling session lives on", async () => {
    const sid = await pollingHandshake(arena.port);
    await httpCall(arena.port, "POST", `/socket.io/?EIO=4&transport=polling&sid=${sid}`, "40");
    const probe = new WebSocket(`ws://127.0.0.1:${arena.port}/socket.io/?EIO=4&transport=websocket&sid=${sid}`);
    probe.on("error", () => {});
    await new Promise((resolve) => probe.once("open", resolve));
    probe.send(Buffer.from([1, 2, 3]));
    await new Promise((resolve) => probe.once("close", resolve));
    expect(arena.srv.io.engine.clients.get(sid)?.readyState).to.equal("open");
    expect(arena.srv.io.engine.clients.get(sid)?.transport.name).to.equal("polling");
    await arena.assertGoodClientsUnharmed();
  });

  it('"5" on a probe before "2probe" closes the probe; the polling session lives on', async () => {
    const sid = await pollingHandshake(arena.port);
    const probe = new WebSocket(`ws://127.0.0.1:${arena.port}/socket.io/?EIO=4&transport=websocket&sid=${sid}`);
    probe.on("error", () => {});
    await new Promise((resolve) => probe.once("open", resolve));
    probe.send("5");
    await new Promise((resolve) => probe.once("close", resolve));
    const session = arena.srv.io.engine.clients.get(sid);
    expect(session?.readyState).to.equal("open");
    expect(session?.upgraded).to.equal(false);
    await arena.assertGoodClientsUnharmed();
  });

  it('"2probe" on a session already on WebSocket is a client ping: transport error (as engine.io 6)', async () => {
    const a = await rawWebSocket(arena.port, { connect: true });
    a.ws.send("2probe");
    await a.closed;
    await waitUntil(() => arena.socketDisconnects.has(a.socketId!));
    expect(arena.engineCloses.get(a.sid)).to.equal("transport error");
    expect(arena.socketDisconnects.get(a.socketId!)).to.equal("transport error");
    await arena.assertGoodClientsUnharmed();
  });

  it('a ping "2" from the client is a transport error (as engine.io 6)', async () => {
    const a = await rawWebSocket(arena.port, { connect: true });
    a.ws.send("2");
    await a.closed;
    await waitUntil(() => arena.socketDisconnects.has(a.socketId!));
    expect(arena.socketDisconnects.get(a.socketId!)).to.equal("transport error");
    await arena.assertGoodClientsUnharmed();
  });

  it('"5" without a probe on a WebSocket session is ignored, the session keeps working', async () => {
    const a = await rawWebSocket(arena.port, { connect: true });
    a.ws.send("5");
    a.ws.send('421["echo","still here"]');
    await waitUntil(() => a.frames.includes('431["still here"]'));
    expect(arena.engineCloses.has(a.sid)).to.equal(false);
    a.ws.close();
    await arena.assertGoodClientsUnharmed();
  });

  it("200 WebSockets opened and closed rapidly: all sessions freed", async () => {
    const baseline = arena.srv.io.engine.clientsCount;
    const sockets = Array.from({ length: 200 }, () => {
      const ws = new WebSocket(`ws://127.0.0.1:${arena.port}/socket.io/?EIO=4&transport=websocket`);
      ws.on("error", () => {});
      // Half close as soon as they open, half right away (during the HTTP upgrade).
      return ws;
    });
    sockets.forEach((ws, i) => (i % 2 === 0 ? ws.once("open", () => ws.close()) : setImmediate(() => ws.terminate())));
    await Promise.all(sockets.map((ws) => new Promise((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve(null) : ws.once("close", resolve)))));
    await waitUntil(() => arena.srv.io.engine.clientsCount === baseline);
    expect(arena.srv.io.engine.clients.size).to.equal(baseline);
    await arena.assertGoodClientsUnharmed();
  });
});

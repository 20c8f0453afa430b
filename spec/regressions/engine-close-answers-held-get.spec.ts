/**
 * Regression: engine.close() sometimes left a held polling GET unanswered, so
 * the HTTP server's close() never finished (the spec helpers had grown a
 * 1-second closeAllConnections() fallback to hide it).
 *
 * Cause: a handshake still in its asynchronous steps (allowRequest,
 * middlewares, id generation) when the engine closed went on to create a
 * session on the closed engine. Its client then held a GET that nothing would
 * ever close. A closed engine now refuses such handshakes, polling and
 * WebSocket alike.
 *
 * Every test here closes the HTTP server WITHOUT closeAllConnections(): it
 * must finish on its own once the engine has answered everything it holds.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { io as ioc, type Socket as ClientSocket } from "socket.io-client";
import { Server } from "../../lib/index.js";
import type { AllowRequest, EngineSocket } from "../../lib/engine/index.js";
import { openRawWs, pollingHandshake, rawRequest, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

const HANDSHAKE = "EIO=4&transport=polling";

/** Resolves true if `http.close()` completes within `ms` on its own, false otherwise. */
function closesOnItsOwn(http: HttpServer, ms = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    http.close(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** An allowRequest that accepts once `release()` is called. */
function gatedAllowRequest(): { allowRequest: AllowRequest; arrived: Promise<void>; release(): void } {
  let release!: () => void;
  let arrive!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  return {
    allowRequest: (_req, callback) => {
      arrive();
      void gate.then(() => callback(null, true));
    },
    arrived,
    release,
  };
}

describe("regression: engine.close() answers every held GET", () => {
  let t: TestEngine | undefined;
  afterEach(async () => {
    if (!t) return;
    // Only reached when a test failed half-way: do not leave handles behind.
    t.engine.close();
    t.http.closeAllConnections();
    if (t.http.listening) await new Promise<void>((resolve) => t!.http.close(() => resolve()));
    t = undefined;
  });

  async function closeWithoutForce(engine: TestEngine): Promise<void> {
    engine.engine.close();
    expect(await closesOnItsOwn(engine.http)).to.equal(true, "http server close() did not finish without closeAllConnections()");
    t = undefined;
  }

  it("a held GET gets the close packet and the HTTP server closes", async () => {
    t = await startEngine({ pingInterval: 5000 });
    const { sid } = await pollingHandshake(t);
    const held = rawRequest(t.port, "GET", t.path(`${HANDSHAKE}&sid=${sid}`));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const engine = t;
    const closing = closeWithoutForce(engine);
    expect((await held).body).to.equal("1");
    await closing;
  });

  it("a GET of a session that was closing (waiting for its GET) is answered", async () => {
    t = await startEngine({ pingInterval: 5000 });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [socket] = await connection;
    socket.send("last words").close(); // no GET held: the close waits for the next one
    expect(socket.readyState).to.equal("closing");
    const engine = t;
    engine.engine.close();
    expect(socket.readyState).to.equal("closed");
    // A GET that was already on its way is answered, not left in silence: with what the
    // session still had to send and the close packet (engine-close-delivers-polling-buffer.spec.ts).
    const late = await rawRequest(engine.port, "GET", "/engine.io/?" + `${HANDSHAKE}&sid=${sid}`);
    expect(late).to.include({ status: 200, body: "4last words\x1e1" });
    expect(await closesOnItsOwn(engine.http)).to.equal(true);
    t = undefined;
  });

  it("a polling handshake still in allowRequest when the engine closes is refused; no session outlives close()", async () => {
    const gate = gatedAllowRequest();
    t = await startEngine({ pingInterval: 5000, allowRequest: gate.allowRequest });
    const sessions: EngineSocket[] = [];
    t.engine.on("connection", (socket) => sessions.push(socket));
    const handshake = rawRequest(t.port, "GET", t.path(HANDSHAKE));
    await gate.arrived;
    t.engine.close();
    gate.release();
    const res = await handshake;
    expect(res.status).to.equal(400);
    expect(JSON.parse(res.body)).to.deep.equal({ code: 3, message: "Server is shutting down" });
    expect(sessions).to.have.length(0);
    expect(t.engine.clientsCount).to.equal(0);
    expect(await closesOnItsOwn(t.http)).to.equal(true);
    t = undefined;
  });

  it("a WebSocket handshake still in allowRequest when the engine closes is refused", async () => {
    const gate = gatedAllowRequest();
    t = await startEngine({ pingInterval: 5000, allowRequest: gate.allowRequest });
    const sessions: EngineSocket[] = [];
    t.engine.on("connection", (socket) => sessions.push(socket));
    const ws = openRawWs(t, "EIO=4&transport=websocket");
    await gate.arrived;
    t.engine.close();
    gate.release();
    const err = await ws.then(
      () => null,
      (e: unknown) => e as { status?: number },
    );
    expect(err).to.not.equal(null);
    expect(err!.status).to.equal(400);
    expect(sessions).to.have.length(0);
    expect(await closesOnItsOwn(t.http)).to.equal(true);
    t = undefined;
  });

  it("the probe WebSocket of a pending upgrade is closed by engine.close()", async () => {
    t = await startEngine({ pingInterval: 5000, upgradeTimeout: 5000 });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [socket] = await connection;
    const probe = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
    probe.ws.send("2probe");
    expect((await probe.next()).data).to.equal("3probe");
    expect(socket.upgrading).to.equal(true);
    const engine = t;
    engine.engine.close();
    await probe.closed;
    expect(socket.upgraded).to.equal(false);
    expect(await closesOnItsOwn(engine.http)).to.equal(true);
    t = undefined;
  });

  it("the probe WebSocket is closed when the session closes (session.close() before the probe answer)", async () => {
    t = await startEngine({ pingInterval: 5000, upgradeTimeout: 5000 });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [socket] = await connection;
    const probe = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(socket.upgrading).to.equal(true);
    const closed = waitForEvent<[string]>(socket, "close");
    socket.close();
    await probe.closed;
    // The polling side still delivers the close on the next GET.
    expect((await rawRequest(t.port, "GET", t.path(`${HANDSHAKE}&sid=${sid}`))).body).to.equal("1");
    expect((await closed)[0]).to.equal("forced close");
    await closeWithoutForce(t);
  });
});

describe("regression: io.close() with socket.io-client 4 finishes without closeAllConnections()", () => {
  const modes = [
    { name: "polling", transports: ["polling"] },
    { name: "upgrade", transports: ["polling", "websocket"] },
    { name: "websocket", transports: ["websocket"] },
  ];
  let httpServer: HttpServer;
  let client: ClientSocket | undefined;
  afterEach(() => {
    client?.close();
    client = undefined;
    httpServer.closeAllConnections();
    if (httpServer.listening) httpServer.close();
  });

  for (const mode of modes) {
    it(`${mode.name}: a connection handshake in progress during io.close() leaves nothing held`, async () => {
      const gate = gatedAllowRequest();
      httpServer = createServer();
      const io = new Server(httpServer, { pingInterval: 5000, pingTimeout: 5000, allowRequest: gate.allowRequest });
      await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
      client = ioc(url, { transports: mode.transports, forceNew: true, reconnection: false });
      const connectError = new Promise<Error>((resolve) => client!.once("connect_error", resolve));
      await gate.arrived;
      const closing = io.close();
      gate.release();
      const done = await Promise.race([closing.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
      expect(done).to.equal(true, "io.close() did not finish without closeAllConnections()");
      expect((await connectError).message).to.be.a("string");
      expect(io.engine.clientsCount).to.equal(0);
    });

    it(`${mode.name}: a connected client is answered and io.close() finishes`, async () => {
      httpServer = createServer();
      const io = new Server(httpServer, { pingInterval: 5000, pingTimeout: 5000 });
      await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
      client = ioc(url, { transports: mode.transports, forceNew: true, reconnection: false });
      await new Promise<void>((resolve) => client!.once("connect", () => resolve()));
      const disconnected = new Promise<string>((resolve) => client!.once("disconnect", resolve));
      const done = await Promise.race([io.close().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
      expect(done).to.equal(true, "io.close() did not finish without closeAllConnections()");
      // "transport close" when a GET was held; "transport error" when the client's next
      // GET found the server already closed (no GET held to carry the close packet).
      expect(await disconnected).to.be.oneOf(["transport close", "transport error"]);
    });
  }
});

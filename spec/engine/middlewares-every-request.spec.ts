/**
 * engine.use(middleware) runs on every request of a session, as engine.io 6's
 * _applyMiddlewares does: the polling GET and POST with a sid and the probe
 * upgrade, not only the handshake. A middleware failing on a sid request is
 * answered and handled the way engine.io answers and handles it (checked
 * against engine.io itself).
 */
import { expect } from "chai";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server as EioServer } from "engine.io";
import { WebSocket } from "ws";
import type { EngineConnectionError, EngineSocket } from "../../lib/engine/index.js";
import { pollingHandshake, rawRequest, sleep, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** Whichever server runs, the spec drives it over raw HTTP. */
interface Subject {
  port: number;
  path(query: string): string;
  clientsCount(): number;
  connection: Promise<{ once(event: "close", fn: (reason: string) => void): unknown; on(event: "message", fn: (data: unknown) => void): unknown }>;
  connectionErrors: Array<{ code: number; name: unknown }>;
  close(): Promise<void>;
}

const SHORT_HEARTBEAT = { pingInterval: 150, pingTimeout: 100 };

async function volleySubject(middleware: Middleware): Promise<Subject> {
  const t = await startEngine(SHORT_HEARTBEAT);
  t.engine.use(middleware);
  const connectionErrors: Subject["connectionErrors"] = [];
  t.engine.on("connection_error", (e: EngineConnectionError) => connectionErrors.push({ code: e.code, name: e.context.name }));
  return {
    port: t.port,
    path: t.path,
    clientsCount: () => t.engine.clientsCount,
    connection: waitForEvent<[EngineSocket]>(t.engine, "connection").then(([socket]) => socket),
    connectionErrors,
    close: () => t.close(),
  };
}

async function engineIoSubject(middleware: Middleware): Promise<Subject> {
  const http = createServer();
  const eio = new EioServer(SHORT_HEARTBEAT);
  eio.attach(http);
  eio.use(middleware);
  const connectionErrors: Subject["connectionErrors"] = [];
  eio.on("connection_error", (e: { code: number; context: { name?: unknown } }) => connectionErrors.push({ code: e.code, name: e.context.name }));
  const connection = new Promise<Subject["connection"] extends Promise<infer S> ? S : never>((resolve) => eio.once("connection", resolve));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    port: (http.address() as AddressInfo).port,
    path: (query) => `/engine.io/?${query}`,
    clientsCount: () => eio.clientsCount,
    connection,
    connectionErrors,
    close: async () => {
      eio.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

describe("engine middlewares on every request (engine.io 6 compatible)", () => {
  let t: TestEngine | undefined;
  let subject: Subject | undefined;
  afterEach(async () => {
    await t?.close();
    await subject?.close();
    t = undefined;
    subject = undefined;
  });

  it("a header set by a middleware is on the handshake, later polling GET and POST, and the probe upgrade's 101", async () => {
    t = await startEngine();
    const seen: string[] = [];
    t.engine.use((req, res, next) => {
      seen.push(`${req.method} ${req.url?.includes("sid=") ? "sid" : "handshake"}`);
      res.setHeader("X-Frame-Options", "SAMEORIGIN");
      next();
    });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid, res: handshake } = await pollingHandshake(t);
    const [socket] = await connection;
    expect(handshake.headers["x-frame-options"]).to.equal("SAMEORIGIN");

    const q = `EIO=4&transport=polling&sid=${sid}`;
    const post = await rawRequest(t.port, "POST", t.path(q), { body: "4hello" });
    expect(post.body).to.equal("ok");
    expect(post.headers["x-frame-options"]).to.equal("SAMEORIGIN");
    socket.send("hi");
    const get = await rawRequest(t.port, "GET", t.path(q));
    expect(get.body).to.equal("4hi");
    expect(get.headers["x-frame-options"]).to.equal("SAMEORIGIN");

    const ws = new WebSocket(`ws://127.0.0.1:${t.port}${t.path(`EIO=4&transport=websocket&sid=${sid}`)}`);
    const upgraded = waitForEvent<[IncomingMessage]>(ws, "upgrade");
    const opened = waitForEvent(ws, "open");
    const [upgradeResponse] = await upgraded;
    expect(upgradeResponse.headers["x-frame-options"]).to.equal("SAMEORIGIN");
    await opened;
    ws.send("2probe");
    const [probe] = await waitForEvent<[Buffer]>(ws, "message");
    expect(probe.toString()).to.equal("3probe");
    ws.close();
    expect(seen).to.deep.equal(["GET handshake", "POST sid", "GET sid", "GET sid"]);
  });

  it("without middleware and CORS, a session's poll is routed in the same tick (no promise on the hot path)", async () => {
    const http = createServer();
    t = await startEngine(undefined, undefined, http);
    const { sid } = await pollingHandshake(t);
    const [socket] = [...t.engine.clients.values()];
    socket!.send("ready");
    // A second handler that runs right after the engine's, in the same tick.
    const answeredAtOnce = new Promise<boolean>((resolve) => http.on("request", (_req, res: ServerResponse) => resolve(res.headersSent)));
    const get = await rawRequest(t.port, "GET", t.path(`EIO=4&transport=polling&sid=${sid}`));
    expect(get.body).to.equal("4ready");
    expect(await answeredAtOnce).to.equal(true);
  });

  for (const [name, start] of [["volley", volleySubject], ["engine.io", engineIoSubject]] as const) {
    it(`a middleware failing on a sid request: 400 code 3, connection_error MIDDLEWARE_FAILURE, the session lives on until its ping timeout (${name})`, async () => {
      subject = await start((req, _res, next) => next(req.headers["x-fail"] ? new Error("refused") : undefined));
      const s = subject;
      const res = await rawRequest(s.port, "GET", s.path("EIO=4&transport=polling"));
      const sid = (JSON.parse(res.body.slice(1)) as { sid: string }).sid;
      const socket = await s.connection;
      const messages: unknown[] = [];
      socket.on("message", (data) => messages.push(String(data)));
      const closed = new Promise<string>((resolve) => socket.once("close", resolve));
      const q = `EIO=4&transport=polling&sid=${sid}`;

      const failed = await rawRequest(s.port, "GET", s.path(q), { headers: { "x-fail": "1" } });
      expect(failed.status).to.equal(400);
      expect(JSON.parse(failed.body)).to.deep.equal({ code: 3, message: "Bad request" });
      const failedPost = await rawRequest(s.port, "POST", s.path(q), { body: "4lost", headers: { "x-fail": "1" } });
      expect(failedPost.status).to.equal(400);
      expect(s.connectionErrors).to.deep.equal([
        { code: 3, name: "MIDDLEWARE_FAILURE" },
        { code: 3, name: "MIDDLEWARE_FAILURE" },
      ]);

      // The session did not see the refused requests and is still usable.
      expect(s.clientsCount()).to.equal(1);
      const post = await rawRequest(s.port, "POST", s.path(q), { body: "4kept" });
      expect(post.body).to.equal("ok");
      await sleep(20);
      expect(messages).to.deep.equal(["kept"]);

      // Nobody polls any more: the heartbeat ends it.
      expect(await closed).to.equal("ping timeout");
      expect(s.clientsCount()).to.equal(0);
    });
  }
});

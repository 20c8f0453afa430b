/**
 * Heartbeat watchdog, actionable error messages and close details, against
 * stub servers that misbehave on purpose and against engine.io 6.
 */
import { expect } from "chai";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket as NetSocket } from "node:net";
import { WebSocketServer } from "ws";
import { TransportError } from "../../client/engine/index.js";
import { cleanup, client, next, nextConnection, startEngineIo, startStub, track, until } from "./support.js";

const OPEN = (sid: string, upgrades: string[] = []) =>
  "0" + JSON.stringify({ sid, upgrades, pingInterval: 50, pingTimeout: 50, maxPayload: 1e6 });

/** A polling stub: answers the handshake, holds later GETs forever (never pings), accepts POSTs. */
function pollingStub(onPoll?: (req: IncomingMessage, res: ServerResponse) => boolean) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "POST") {
      req.resume();
      req.on("end", () => res.end("ok"));
      return;
    }
    if (!url.searchParams.has("sid")) return res.end(OPEN("stub-sid"));
    if (onPoll?.(req, res)) return;
    // held: never answered, so no ping ever arrives
  };
}

describe("EngineClient heartbeat", () => {
  afterEach(cleanup);

  it("closes with 'ping timeout' when a polling server never pings", async () => {
    const stub = track(await startStub(pollingStub()));
    const engine = client(stub.url, { transports: ["polling"] });
    engine.open();
    await next(engine, "open");
    const started = Date.now();
    const [reason] = await next(engine, "close", 3000);
    expect(reason).to.equal("ping timeout");
    // pingInterval + pingTimeout = 100 ms; generous bounds
    expect(Date.now() - started).to.be.within(50, 2500);
  });

  it("closes with 'ping timeout' when a websocket server never pings", async () => {
    const stub = track(await startStub((_req, res) => res.end()));
    const wss = new WebSocketServer({ server: stub.http });
    wss.on("connection", (ws) => ws.send(OPEN("ws-sid")));
    const engine = client(stub.url, { transports: ["websocket"] });
    engine.open();
    await next(engine, "open");
    const [reason] = await next(engine, "close", 3000);
    expect(reason).to.equal("ping timeout");
    wss.close();
  });

  it("stays open while engine.io pings, answering each ping with a pong", async () => {
    const server = track(await startEngineIo({ pingInterval: 50, pingTimeout: 100 }));
    const engine = client(server.url, { transports: ["polling"] });
    let pings = 0;
    engine.on("ping", () => pings++);
    const closed: string[] = [];
    engine.on("close", (reason) => closed.push(reason));
    const socketP = nextConnection(server);
    engine.open();
    const socket = await socketP;
    let heartbeats = 0;
    socket.on("heartbeat", () => heartbeats++);
    await until(() => pings >= 4, 5000);
    expect(closed).to.deep.equal([]);
    expect(engine.readyState).to.equal("open");
    expect(heartbeats).to.be.greaterThan(0);
  });
});

describe("EngineClient errors", () => {
  afterEach(cleanup);

  it("says which transport, which phase, the status and the server's code for an unknown sid", async () => {
    const stub = track(
      await startStub(
        pollingStub((_req, res) => {
          res.writeHead(400, { "content-type": "application/json" });
          res.end(JSON.stringify({ code: 1, message: "Session ID unknown" }));
          return true;
        }),
      ),
    );
    const engine = client(stub.url, { transports: ["polling"] });
    engine.open();
    const [err] = await next(engine, "error");
    expect(err).to.be.instanceOf(TransportError);
    expect(err.message).to.equal("polling poll failed: HTTP 400 — Session ID unknown (code 1) — are sticky sessions enabled?");
    expect(err.type).to.equal("TransportError");
    expect(err.description).to.equal(400);
    expect(err.status).to.equal(400);
    expect(err.serverCode).to.equal(1);
    expect(err.phase).to.equal("poll");
    expect(err.transport).to.equal("polling");
    expect(engine.readyState).to.equal("closed");
  });

  it("closes with 'transport error' and the error as details", async () => {
    const stub = track(
      await startStub(
        pollingStub((_req, res) => {
          res.writeHead(500);
          res.end("boom");
          return true;
        }),
      ),
    );
    const engine = client(stub.url, { transports: ["polling"] });
    engine.open();
    const [reason, details] = await next(engine, "close");
    expect(reason).to.equal("transport error");
    expect(details).to.be.instanceOf(TransportError);
    expect((details as TransportError).message).to.equal("polling poll failed: HTTP 500");
  });

  it("names the handshake and the server's refusal when allowRequest says no", async () => {
    const server = track(await startEngineIo({ allowRequest: (_req, cb) => cb(null, false) }));
    const engine = client(server.url, { transports: ["polling"] });
    engine.open();
    const [err] = await next(engine, "error");
    expect(err.message).to.equal("polling handshake failed: HTTP 403 — Forbidden (code 4)");
  });

  it("names the network failure when nothing listens", async () => {
    const stub = await startStub(() => undefined);
    const url = stub.url;
    await stub.close();
    const engine = client(url, { transports: ["polling"] });
    engine.open();
    const [err] = await next(engine, "error");
    expect(err.message).to.match(/^polling handshake failed: .*ECONNREFUSED/);
  });

  it("names a refused websocket handshake", async () => {
    const server = track(await startEngineIo({ transports: ["polling"] }));
    const engine = client(server.url, { transports: ["websocket"] });
    engine.open();
    const [err] = await next(engine, "error");
    expect(err.message).to.equal("websocket handshake failed: Unexpected server response: 400");
    expect(err.phase).to.equal("handshake");
  });

  it("closes with 'parse error' on a handshake that is not an open packet", async () => {
    const stub = track(await startStub((_req, res) => res.end("0{not json")));
    const engine = client(stub.url, { transports: ["polling"] });
    engine.open();
    const [reason] = await next(engine, "close");
    expect(reason).to.equal("parse error");
  });
});

describe("EngineClient close details over websocket", () => {
  afterEach(cleanup);

  it("tells a clean server close from a network drop", async () => {
    const server = track(await startEngineIo());
    const raw: NetSocket[] = [];
    server.http.on("connection", (s: NetSocket) => raw.push(s));

    const polite = client(server.url, { transports: ["websocket"] });
    const politeSocket = nextConnection(server);
    polite.open();
    await next(polite, "open");
    const politeClose = next(polite, "close");
    (await politeSocket).close();
    const [reason1, details1] = await politeClose;
    expect(reason1).to.equal("transport close");
    expect(details1).to.include({ wasClean: true });
    // engine.io closes without a status code (1005); a server may also say 1000
    expect((details1 as { code: number }).code).to.be.oneOf([1000, 1005]);

    const dropped = client(server.url, { transports: ["websocket"] });
    dropped.open();
    await next(dropped, "open");
    const droppedClose = next(dropped, "close");
    for (const s of raw) s.destroy();
    const [reason2, details2] = await droppedClose;
    expect(reason2).to.equal("transport close");
    expect(details2).to.include({ code: 1006, wasClean: false });
  });

  it("reports the code a server closes with", async () => {
    const stub = track(await startStub((_req, res) => res.end()));
    const wss = new WebSocketServer({ server: stub.http });
    wss.on("connection", (ws) => {
      ws.send(OPEN("ws-sid"));
      setTimeout(() => ws.close(1000, "bye"), 20);
    });
    const engine = client(stub.url, { transports: ["websocket"] });
    engine.open();
    const [, details] = await next(engine, "close");
    expect(details).to.include({ code: 1000, wasClean: true });
    wss.close();
  });
});

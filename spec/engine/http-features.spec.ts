import { expect } from "chai";
import { createServer } from "node:http";
import type { CorsOptions, EngineConnectionError, EngineSocket } from "../../lib/engine/index.js";
import { serializeCookie } from "../../lib/engine/index.js";
import { openRawWs, pollingHandshake, rawRequest, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

const HANDSHAKE = "EIO=4&transport=polling";

describe("engine HTTP features", () => {
  let t: TestEngine;
  afterEach(() => t.close());

  describe("CORS", () => {
    async function corsHeaders(cors: CorsOptions, origin: string, method = "GET") {
      t = await startEngine({ cors });
      const headers: Record<string, string> = { Origin: origin };
      if (method === "OPTIONS") headers["Access-Control-Request-Headers"] = "x-custom";
      return rawRequest(t.port, method, t.path(HANDSHAKE), { headers });
    }

    it("answers a preflight with 204 and the configured headers", async () => {
      const res = await corsHeaders({ origin: "http://a.test", credentials: true, methods: ["GET", "POST"], maxAge: 600 }, "http://a.test", "OPTIONS");
      expect(res.status).to.equal(204);
      expect(res.headers["access-control-allow-origin"]).to.equal("http://a.test");
      expect(res.headers["access-control-allow-credentials"]).to.equal("true");
      expect(res.headers["access-control-allow-methods"]).to.equal("GET,POST");
      expect(res.headers["access-control-allow-headers"]).to.equal("x-custom");
      expect(res.headers["access-control-max-age"]).to.equal("600");
      expect(t.engine.clientsCount).to.equal(0);
    });
    it("origin string", async () => {
      const res = await corsHeaders({ origin: "http://a.test" }, "http://other.test");
      expect(res.headers["access-control-allow-origin"]).to.equal("http://a.test");
    });
    it("origin array: reflects an allowed origin, omits a refused one", async () => {
      let res = await corsHeaders({ origin: ["http://a.test", "http://b.test"] }, "http://b.test");
      expect(res.headers["access-control-allow-origin"]).to.equal("http://b.test");
      res = await rawRequest(t.port, "GET", t.path(HANDSHAKE), { headers: { Origin: "http://evil.test" } });
      expect(res.headers["access-control-allow-origin"]).to.equal(undefined);
    });
    it("origin RegExp", async () => {
      const res = await corsHeaders({ origin: /\.good\.test$/ }, "http://x.good.test");
      expect(res.headers["access-control-allow-origin"]).to.equal("http://x.good.test");
      expect(res.headers.vary).to.equal("Origin");
    });
    it("origin function", async () => {
      const res = await corsHeaders({ origin: (origin, cb) => cb(null, origin === "http://fn.test") }, "http://fn.test");
      expect(res.headers["access-control-allow-origin"]).to.equal("http://fn.test");
    });
    it("origin true reflects, with credentials and exposed headers on the actual response", async () => {
      const res = await corsHeaders({ origin: true, credentials: true, exposedHeaders: ["x-a", "x-b"] }, "http://any.test");
      expect(res.status).to.equal(200);
      expect(res.headers["access-control-allow-origin"]).to.equal("http://any.test");
      expect(res.headers["access-control-allow-credentials"]).to.equal("true");
      expect(res.headers["access-control-expose-headers"]).to.equal("x-a,x-b");
    });
    it("refuses a polling request from an origin the option does not allow: 400 code 3, connection_error ORIGIN_NOT_ALLOWED, no session", async () => {
      t = await startEngine({ cors: { origin: ["http://a.test"] } });
      const errors: EngineConnectionError[] = [];
      t.engine.on("connection_error", (err) => errors.push(err));
      const res = await rawRequest(t.port, "GET", t.path(HANDSHAKE), { headers: { Origin: "http://evil.test" } });
      expect(res.status).to.equal(400);
      expect(JSON.parse(res.body)).to.deep.equal({ code: 3, message: "Bad request" });
      expect(res.headers["access-control-allow-origin"]).to.equal(undefined);
      expect(t.engine.clientsCount).to.equal(0);
      expect(errors).to.have.length(1);
      expect(errors[0]!.code).to.equal(3);
      expect(errors[0]!.context).to.deep.equal({ name: "ORIGIN_NOT_ALLOWED", origin: "http://evil.test" });
      expect(errors[0]!.req.headers.origin).to.equal("http://evil.test");

      // the session of an allowed origin is refused the same way for a request from another one
      const { sid } = await pollingHandshake(t, "", { Origin: "http://a.test" });
      const post = await rawRequest(t.port, "POST", t.path(`${HANDSHAKE}&sid=${sid}`), { body: "4x", headers: { Origin: "http://evil.test" } });
      expect(post.status).to.equal(400);
      expect(errors).to.have.length(2);
      expect(errors.map((err) => err.context.name)).to.deep.equal(["ORIGIN_NOT_ALLOWED", "ORIGIN_NOT_ALLOWED"]);
    });
    it("a preflight from a refused origin emits connection_error too (the browser then never sends the request)", async () => {
      t = await startEngine({ cors: { origin: (origin, cb) => cb(null, origin === "http://a.test") } });
      const errors: EngineConnectionError[] = [];
      t.engine.on("connection_error", (err) => errors.push(err));
      const res = await rawRequest(t.port, "OPTIONS", t.path(HANDSHAKE), { headers: { Origin: "http://evil.test", "Access-Control-Request-Method": "POST" } });
      expect(res.status).to.equal(204);
      expect(res.headers["access-control-allow-origin"]).to.equal(undefined);
      expect(errors.map((err) => err.context)).to.deep.equal([{ name: "ORIGIN_NOT_ALLOWED", origin: "http://evil.test" }]);
      const allowed = await rawRequest(t.port, "OPTIONS", t.path(HANDSHAKE), { headers: { Origin: "http://a.test" } });
      expect(allowed.headers["access-control-allow-origin"]).to.equal("http://a.test");
      expect(errors).to.have.length(1);
    });
    it("a same-origin request (Origin is the Host it was sent to) is not a CORS request: served, polling and websocket", async () => {
      t = await startEngine({ cors: { origin: "https://app.example" } });
      const errors: EngineConnectionError[] = [];
      t.engine.on("connection_error", (err) => errors.push(err));
      // browsers send Origin on a same-origin POST, and always on a WebSocket
      const self = `http://127.0.0.1:${t.port}`;
      const { sid } = await pollingHandshake(t, "", { Origin: self });
      const post = await rawRequest(t.port, "POST", t.path(`${HANDSHAKE}&sid=${sid}`), { body: "4x", headers: { Origin: self } });
      expect(post.status).to.equal(200);
      const ws = await openRawWs(t, "EIO=4&transport=websocket", { Origin: self });
      ws.ws.close();
      expect(errors).to.deep.equal([]);
    });
    it("refuses a websocket upgrade from an origin the option does not allow", async () => {
      t = await startEngine({ cors: { origin: "http://a.test" } });
      const err = await openRawWs(t, "EIO=4&transport=websocket", { Origin: "http://evil.test" }).then(() => null, (e: { status?: number }) => e);
      expect(err?.status).to.equal(400);
      const ok = await openRawWs(t, "EIO=4&transport=websocket", { Origin: "http://a.test" });
      ok.ws.close();
    });
  });

  describe("cookie", () => {
    it("is not set by default", async () => {
      t = await startEngine();
      const { res } = await pollingHandshake(t);
      expect(res.headers["set-cookie"]).to.equal(undefined);
    });
    it("cookie: true sets io=<sid> on the handshake only", async () => {
      t = await startEngine({ cookie: true });
      const { sid, res } = await pollingHandshake(t);
      expect(res.headers["set-cookie"]).to.deep.equal([`io=${sid}; Path=/; HttpOnly; SameSite=Lax`]);
      const next = await rawRequest(t.port, "POST", t.path(`${HANDSHAKE}&sid=${sid}`), { body: "4x" });
      expect(next.headers["set-cookie"]).to.equal(undefined);
    });
    it("custom cookie options", async () => {
      t = await startEngine({ cookie: { name: "sess", path: "/x", sameSite: "strict", httpOnly: false, maxAge: 60 } });
      const { sid, res } = await pollingHandshake(t);
      expect(res.headers["set-cookie"]).to.deep.equal([`sess=${sid}; Max-Age=60; Path=/x; SameSite=Strict`]);
    });
    it("serializeCookie encodes the value and rejects a bad name", () => {
      expect(serializeCookie("a", "x y;z")).to.equal("a=x%20y%3Bz");
      expect(() => serializeCookie("bad name", "v")).to.throw(TypeError);
    });
  });

  it("initial_headers on the handshake only, headers on every polling response, both mutable", async () => {
    t = await startEngine();
    const seen: string[] = [];
    t.engine.on("initial_headers", (headers) => {
      seen.push("initial");
      headers["X-Initial"] = "yes";
    });
    t.engine.on("headers", (headers) => {
      seen.push("headers");
      headers["X-Every"] = "yes";
    });
    const { sid, res } = await pollingHandshake(t);
    expect(res.headers["x-initial"]).to.equal("yes");
    expect(res.headers["x-every"]).to.equal("yes");
    const post = await rawRequest(t.port, "POST", t.path(`${HANDSHAKE}&sid=${sid}`), { body: "4x" });
    expect(post.headers["x-initial"]).to.equal(undefined);
    expect(post.headers["x-every"]).to.equal("yes");
    expect(seen).to.deep.equal(["initial", "headers", "headers"]);
  });

  it("headers events on the websocket upgrade response", async () => {
    t = await startEngine();
    t.engine.on("initial_headers", (headers) => (headers["X-Ws-Initial"] = "1"));
    t.engine.on("headers", (headers) => (headers["X-Ws-Every"] = "2"));
    const { WebSocket } = await import("ws");
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}${t.path("EIO=4&transport=websocket")}`);
    const [res] = await waitForEvent<[{ headers: Record<string, unknown> }]>(ws, "upgrade");
    const upgradeHeaders = res.headers;
    ws.close();
    expect(upgradeHeaders["x-ws-every"]).to.equal("2");
    expect(upgradeHeaders["x-ws-initial"]).to.equal("1");
  });

  describe("middlewares (use)", () => {
    it("run on the handshake before the session exists, then on each request of the session, and can set headers", async () => {
      t = await startEngine();
      const sessionsSeen: number[] = [];
      t.engine.use((_req, res, next) => {
        sessionsSeen.push(t.engine.clientsCount);
        res.setHeader("X-Mw", "1");
        next();
      });
      const { sid, res } = await pollingHandshake(t);
      expect(res.headers["x-mw"]).to.equal("1");
      await rawRequest(t.port, "POST", t.path(`${HANDSHAKE}&sid=${sid}`), { body: "4x" });
      expect(sessionsSeen).to.deep.equal([0, 1]);
    });
    it("a failing middleware refuses with code 3 (polling 400 JSON, websocket raw 400)", async () => {
      t = await startEngine();
      const errors: EngineConnectionError[] = [];
      t.engine.on("connection_error", (e) => errors.push(e));
      t.engine.use((_req, _res, next) => next(new Error("nope")));
      const res = await rawRequest(t.port, "GET", t.path(HANDSHAKE));
      expect(res.status).to.equal(400);
      expect(JSON.parse(res.body)).to.deep.equal({ code: 3, message: "Bad request" });
      const ws = await openRawWs(t, "EIO=4&transport=websocket").then(() => null, (e: { status?: number }) => e);
      expect(ws?.status).to.equal(400);
      expect(errors.map((e) => [e.code, e.context.name])).to.deep.equal([[3, "MIDDLEWARE_FAILURE"], [3, "MIDDLEWARE_FAILURE"]]);
      expect(t.engine.clientsCount).to.equal(0);
    });
  });

  it("allowRequest refusal → 403 code 4 (its reason as message); acceptance → handshake", async () => {
    t = await startEngine({ allowRequest: (req, cb) => cb(req.headers["x-ok"] ? null : "go away", Boolean(req.headers["x-ok"])) });
    const errors: EngineConnectionError[] = [];
    t.engine.on("connection_error", (e) => errors.push(e));
    const res = await rawRequest(t.port, "GET", t.path(HANDSHAKE));
    expect(res.status).to.equal(403);
    expect(JSON.parse(res.body)).to.deep.equal({ code: 4, message: "go away" });
    expect(errors[0]!.code).to.equal(4);
    await pollingHandshake(t, "", { "x-ok": "1" });
    expect(t.engine.clientsCount).to.equal(1);
  });

  it("engine.close() closes every session with 'server shutting down' and removes only its listeners", async () => {
    const http = createServer((_req, res) => res.end("app"));
    const appListener = http.listeners("request")[0];
    t = await startEngine({}, {}, http);
    expect(http.listeners("request")).to.not.include(appListener);
    expect((await rawRequest(t.port, "GET", "/other")).body).to.equal("app");
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [socket] = await connection;
    const held = rawRequest(t.port, "GET", t.path(`${HANDSHAKE}&sid=${sid}`));
    await new Promise((r) => setTimeout(r, 30));
    const closed = waitForEvent<[string]>(socket, "close");
    const foreignUpgrade = () => {};
    http.on("upgrade", foreignUpgrade);
    t.engine.close();
    expect((await closed)[0]).to.equal("server shutting down");
    expect((await held).body).to.equal("1");
    expect(t.engine.clientsCount).to.equal(0);
    expect(http.listeners("request")).to.deep.equal([appListener]);
    expect(http.listeners("upgrade")).to.deep.equal([foreignUpgrade]);
    expect((await rawRequest(t.port, "GET", t.path(HANDSHAKE))).body).to.equal("app");
  });

  it("attach honours a custom path and leaves other paths to the app", async () => {
    const http = createServer((_req, res) => res.end("app"));
    t = await startEngine({}, { path: "/live" }, http);
    const { sid } = await pollingHandshake(t);
    expect(sid).to.be.a("string");
    expect((await rawRequest(t.port, "GET", "/engine.io/?EIO=4&transport=polling")).body).to.equal("app");
  });
});

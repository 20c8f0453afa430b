/**
 * Options that change what goes over the wire: cookies, extraHeaders,
 * query, maxPayload splitting, rememberUpgrade, upgrade failures, callbacks.
 */
import { expect } from "chai";
import type { IncomingMessage } from "node:http";
import { cleanup, client, next, nextConnection, startEngineIo, track, until, type TestServer } from "./support.js";

/** Records the headers of every polling request and WebSocket upgrade. */
function recordHeaders(server: TestServer) {
  const seen: { kind: "request" | "upgrade"; url: string; headers: IncomingMessage["headers"] }[] = [];
  server.http.prependListener("request", (req: IncomingMessage) =>
    seen.push({ kind: "request", url: req.url ?? "", headers: req.headers }),
  );
  server.http.prependListener("upgrade", (req: IncomingMessage) =>
    seen.push({ kind: "upgrade", url: req.url ?? "", headers: req.headers }),
  );
  return seen;
}

describe("EngineClient options", () => {
  afterEach(cleanup);

  it("keeps the server's cookies with withCredentials, on polling and on the upgrade", async () => {
    const server = track(await startEngineIo({ cookie: { name: "io", httpOnly: true, path: "/" } }));
    const seen = recordHeaders(server);
    const engine = client(server.url, { withCredentials: true });
    const upgraded = next(engine, "upgrade");
    engine.open();
    await upgraded;
    const sid = engine.id;
    const withSid = seen.filter((r) => r.url.includes("sid="));
    expect(withSid.length).to.be.greaterThan(1);
    for (const r of withSid) expect(r.headers.cookie, `${r.kind} ${r.url}`).to.equal(`io=${sid}`);
    expect(seen.some((r) => r.kind === "upgrade")).to.equal(true);
  });

  it("sends no cookie without withCredentials", async () => {
    const server = track(await startEngineIo({ cookie: { name: "io", httpOnly: true, path: "/" } }));
    const seen = recordHeaders(server);
    const engine = client(server.url);
    const upgraded = next(engine, "upgrade");
    engine.open();
    await upgraded;
    expect(seen.length).to.be.greaterThan(1);
    for (const r of seen) expect(r.headers.cookie).to.equal(undefined);
  });

  it("sends extraHeaders on every polling request and on the WebSocket handshake", async () => {
    const server = track(await startEngineIo());
    const seen = recordHeaders(server);
    const engine = client(server.url, { extraHeaders: { "x-volley": "yes" } });
    const upgraded = next(engine, "upgrade");
    engine.open();
    await upgraded;
    expect(seen.some((r) => r.kind === "upgrade")).to.equal(true);
    expect(seen.some((r) => r.kind === "request")).to.equal(true);
    for (const r of seen) expect(r.headers["x-volley"], `${r.kind} ${r.url}`).to.equal("yes");
  });

  it("puts query, path and the protocol parameters in the URL", async () => {
    const server = track(await startEngineIo());
    const seen = recordHeaders(server);
    const engine = client(server.url + "/?from=uri", { query: "token=abc", transports: ["polling"], path: "/engine.io" });
    engine.open();
    await next(engine, "open");
    const handshake = new URL(seen[0]!.url, "http://x");
    expect(handshake.pathname).to.equal("/engine.io/");
    expect(handshake.searchParams.get("EIO")).to.equal("4");
    expect(handshake.searchParams.get("transport")).to.equal("polling");
    expect(handshake.searchParams.get("token")).to.equal("abc");
    expect(handshake.searchParams.get("from")).to.equal("uri");
    expect(handshake.searchParams.has("t")).to.equal(true);
    expect(handshake.searchParams.has("sid")).to.equal(false);
  });

  it("splits a polling write that would pass the server's maxPayload", async () => {
    const server = track(await startEngineIo({ maxHttpBufferSize: 150 }));
    const engine = client(server.url, { transports: ["polling"] });
    const socketP = nextConnection(server);
    engine.on("open", () => {
      for (let i = 0; i < 5; i++) engine.send(String(i).repeat(60));
    });
    engine.open();
    const socket = await socketP;
    const got: unknown[] = [];
    socket.on("message", (m: unknown) => got.push(m));
    await until(() => got.length === 5);
    expect(got).to.deep.equal([0, 1, 2, 3, 4].map((i) => String(i).repeat(60)));
    expect(engine.readyState).to.equal("open");
  });

  it("calls the send callback once the message is handed over, then emits drain", async () => {
    const server = track(await startEngineIo());
    const engine = client(server.url, { transports: ["polling"] });
    engine.open();
    await next(engine, "open");
    const order: string[] = [];
    const drained = next(engine, "drain");
    engine.send("a", () => order.push("cb a"));
    engine.send("b", { compress: false }, () => order.push("cb b"));
    await drained;
    await until(() => order.length === 2);
    expect(order).to.deep.equal(["cb a", "cb b"]);
  });

  it("rememberUpgrade starts with websocket after a websocket once worked", async () => {
    const server = track(await startEngineIo());
    const first = client(server.url);
    const upgraded = next(first, "upgrade");
    first.open();
    await upgraded;
    first.close();

    const remembering = client(server.url, { rememberUpgrade: true });
    remembering.open();
    expect(remembering.transport.name).to.equal("websocket");
    await next(remembering, "open");
    expect(remembering.transport.name).to.equal("websocket");

    const forgetting = client(server.url);
    forgetting.open();
    expect(forgetting.transport.name).to.equal("polling");
    await next(forgetting, "open");
  });

  it("stays on polling with an upgradeError when the probe is refused", async () => {
    const server = track(await startEngineIo());
    // refuse every WebSocket upgrade the way a proxy without WebSocket support would
    server.engine.handleUpgrade = (_req, socket) => {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    };
    const engine = client(server.url);
    const socketP = nextConnection(server);
    engine.open();
    const [err] = await next(engine, "upgradeError");
    expect(err.phase).to.equal("upgrade");
    expect(err.message).to.match(/^websocket upgrade failed: /);
    expect(engine.transport.name).to.equal("polling");
    expect(engine.upgrading).to.equal(false);
    const socket = await socketP;
    const got = new Promise<unknown>((resolve) => socket.once("message", resolve));
    engine.send("still here");
    expect(await got).to.equal("still here");
  });

  it("does not upgrade when upgrade is false", async () => {
    const server = track(await startEngineIo({ pingInterval: 100 }));
    const engine = client(server.url, { upgrade: false });
    let upgrading = false;
    engine.on("upgrading", () => (upgrading = true));
    engine.open();
    await next(engine, "open");
    await next(engine, "ping");
    expect(upgrading).to.equal(false);
    expect(engine.transport.name).to.equal("polling");
  });

  it("close() during the handshake closes at once with 'forced close'", async () => {
    const server = track(await startEngineIo());
    const engine = client(server.url, { transports: ["polling"] });
    const events: string[] = [];
    engine.on("open", () => events.push("open"));
    engine.on("close", (reason) => events.push(reason));
    engine.open();
    engine.close();
    expect(engine.readyState).to.equal("closed");
    await new Promise((r) => setTimeout(r, 100));
    expect(events).to.deep.equal(["forced close"]);
  });

  it("close() during an upgrade waits for it, then closes and the server hears it", async () => {
    const server = track(await startEngineIo());
    const engine = client(server.url);
    const socketP = nextConnection(server);
    const events: string[] = [];
    engine.on("upgrading", () => {
      events.push("upgrading");
      engine.send("before close");
      engine.close();
      expect(engine.readyState).to.equal("closing");
    });
    engine.on("upgrade", () => events.push("upgrade"));
    engine.open();
    const socket = await socketP;
    const got = new Promise<unknown>((resolve) => socket.once("message", resolve));
    const serverClose = new Promise<string>((resolve) => socket.once("close", resolve));
    const [reason] = await next(engine, "close");
    expect(reason).to.equal("forced close");
    expect(events).to.deep.equal(["upgrading", "upgrade"]);
    expect(await got).to.equal("before close");
    expect(await serverClose).to.equal("transport close");
  });
});

/**
 * Bug: the Engine's own "headers", "initial_headers" and "connection_error"
 * events called the app's listeners unguarded. A throwing "headers" listener
 * on a gzipped polling response threw from inside a zlib callback: an
 * uncaught exception (a process crash by default), and the held GET was never
 * answered; a throwing "connection_error" listener threw out of the HTTP
 * request handler. Fixed: the engine guards these events like sessions guard
 * theirs: the error is logged, the response goes out.
 */
import { expect } from "chai";
import type { EngineSocket } from "../../lib/engine/index.js";
import { pollingHandshake, rawRequest, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

describe("regression: a throwing engine listener", function () {
  let t: TestEngine | undefined;
  const tripped: unknown[] = [];
  const onTrip = (err: unknown): void => {
    tripped.push(err);
  };
  let mochaListeners: NodeJS.UncaughtExceptionListener[] = [];

  beforeEach(function () {
    tripped.length = 0;
    mochaListeners = process.listeners("uncaughtException");
    process.removeAllListeners("uncaughtException");
    process.on("uncaughtException", onTrip);
  });

  afterEach(async function () {
    process.off("uncaughtException", onTrip);
    for (const l of mochaListeners) process.on("uncaughtException", l);
    await t?.close();
    t = undefined;
  });

  it("'headers' throwing on a gzipped polling response: answered, nothing uncaught", async function () {
    t = await startEngine({ pingInterval: 10000, pingTimeout: 10000, transports: ["polling"] });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [session] = await connection;
    t.engine.on("headers", () => {
      throw new Error("bug in headers");
    });
    session.send("z".repeat(4096));
    const res = await rawRequest(t.port, "GET", t.path(`EIO=4&transport=polling&sid=${sid}`), { headers: { "Accept-Encoding": "gzip" } });
    expect(res.status).to.equal(200);
    expect(res.headers["content-encoding"]).to.equal("gzip");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tripped).to.deep.equal([]);
  });

  it("'initial_headers' throwing on the handshake: the handshake is answered, nothing uncaught", async function () {
    t = await startEngine({ pingInterval: 10000, pingTimeout: 10000, transports: ["polling"] });
    t.engine.on("initial_headers", () => {
      throw new Error("bug in initial_headers");
    });
    const { sid } = await pollingHandshake(t);
    expect(sid).to.be.a("string");
    expect(tripped).to.deep.equal([]);
  });

  it("'connection_error' throwing: the refused request still gets its 400, nothing uncaught", async function () {
    t = await startEngine({ pingInterval: 10000, pingTimeout: 10000 });
    t.engine.on("connection_error", () => {
      throw new Error("bug in connection_error");
    });
    const res = await rawRequest(t.port, "GET", t.path("EIO=4&transport=bogus"));
    expect(res.status).to.equal(400);
    expect(JSON.parse(res.body)).to.deep.equal({ code: 0, message: "Transport unknown" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tripped).to.deep.equal([]);
  });
});

/**
 * The middleware mounted after Express body parsers: polling still works when
 * the parser left the raw text, and fails loudly (400, code 3, a message that
 * says what to do) when it left an object. Never a POST waiting forever.
 */
import { expect } from "chai";
import express from "express";
import type { IncomingMessage } from "node:http";
import { BODY_CONSUMED_MESSAGE } from "../../lib/express.js";
import type { EngineConnectionError } from "../../lib/engine/index.js";
import { startExpress, pollingHandshake, type ExpressFixture } from "./support.js";
import { waitFor } from "../support/server-helpers.js";

type Parser = express.RequestHandler;

describe("express: body parsers before io.middleware()", function () {
  let fx: ExpressFixture | undefined;

  afterEach(async function () {
    await fx?.close();
    fx = undefined;
  });

  /** Mounts `parsers` before volley and records what they left in req.body for the engine's POSTs. */
  async function withParsers(parsers: Parser[], opts = {}): Promise<{ bodies: string[]; errors: EngineConnectionError[] }> {
    const bodies: string[] = [];
    const errors: EngineConnectionError[] = [];
    fx = await startExpress("middleware", {
      opts: { transports: ["polling"], ...opts },
      before: (app, io) => {
        for (const parser of parsers) app.use(parser);
        app.use((req, _res, next) => {
          if (req.method === "POST" && req.url.startsWith("/socket.io/")) {
            const body: unknown = (req as IncomingMessage & { body?: unknown }).body;
            bodies.push(Buffer.isBuffer(body) ? "buffer" : typeof body);
          }
          next();
        });
        app.post("/form", (req, res) => {
          res.json(req.body);
        });
        io.on("connection", (socket) => socket.on("echo", (v: unknown, ack: (v: unknown) => void) => ack(v)));
      },
    });
    fx.io.engine.on("connection_error", (err) => errors.push(err));
    return { bodies, errors };
  }

  async function echoOverPolling(): Promise<void> {
    const client = fx!.client({ transports: ["polling"] });
    await waitFor(client, "connect");
    expect(await client.emitWithAck("echo", { text: "héllo", n: 1 })).to.deep.equal({ text: "héllo", n: 1 });
    expect(await client.emitWithAck("echo", Buffer.from([1, 2, 3]))).to.deep.equal(Buffer.from([1, 2, 3]));
  }

  it("works after express.json() and express.urlencoded(), which leave text/plain bodies alone", async function () {
    const { bodies, errors } = await withParsers([express.json(), express.urlencoded()]);
    await echoOverPolling();
    expect(bodies).to.not.be.empty;
    expect(bodies.every((kind) => kind === "undefined")).to.equal(true);
    expect(errors).to.deep.equal([]);
    // The parsers still work for the app.
    const res = await fetch(`${fx!.url}/form`, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"a":1}' });
    expect(await res.json()).to.deep.equal({ a: 1 });
  });

  it("works after express.text(), which consumed the body: the parsed text is used", async function () {
    const { bodies, errors } = await withParsers([express.text()]);
    await echoOverPolling();
    expect(bodies).to.not.be.empty;
    expect(bodies.every((kind) => kind === "string")).to.equal(true);
    expect(errors).to.deep.equal([]);
  });

  it("works after express.raw({ type: '*/*' }): the raw bytes are used", async function () {
    const { bodies } = await withParsers([express.raw({ type: "*/*" })]);
    await echoOverPolling();
    expect(bodies).to.not.be.empty;
    expect(bodies.every((kind) => kind === "buffer")).to.equal(true);
  });

  it("still enforces maxHttpBufferSize on a replayed body", async function () {
    await withParsers([express.text()], { maxHttpBufferSize: 100 });
    const { sid } = await pollingHandshake(fx!.url);
    // Chunked (no Content-Length): the limit can only be checked on the bytes themselves.
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("4" + "x".repeat(200)));
        controller.close();
      },
    });
    const res = await fetch(`${fx!.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
      method: "POST",
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      body: chunked,
      duplex: "half",
    } as RequestInit);
    expect(res.status).to.equal(413);
  });

  it("answers 400 with code 3 and says to mount io.middleware() first when the body became an object", async function () {
    const { errors } = await withParsers([express.urlencoded({ type: "*/*" })], { cors: { origin: "*" } });
    const { sid } = await pollingHandshake(fx!.url);
    const res = await fetch(`${fx!.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
      method: "POST",
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      body: "40",
    });
    expect(res.status).to.equal(400);
    expect(res.headers.get("access-control-allow-origin")).to.equal("*");
    expect(await res.json()).to.deep.equal({ code: 3, message: BODY_CONSUMED_MESSAGE });
    expect(BODY_CONSUMED_MESSAGE).to.include("mount io.middleware() before express.json()");
    expect(errors).to.have.length(1);
    expect(errors[0]!.code).to.equal(3);
    expect(errors[0]!.context.name).to.equal("BODY_ALREADY_CONSUMED");
  });

  it("makes a client fail fast instead of hanging when the body became an object", async function () {
    await withParsers([express.urlencoded({ type: "*/*" })]);
    const client = fx!.client({ transports: ["polling"] });
    const [err] = await waitFor<[Error]>(client, "connect_error", 5000);
    expect(err).to.be.instanceOf(Error);
    expect(client.connected).to.equal(false);
  });
});

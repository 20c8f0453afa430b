import { expect } from "chai";
import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import type { EngineSocket } from "../../lib/engine/index.js";
import { pollingHandshake, rawRequest, sleep, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

describe("engine polling transport (raw HTTP)", () => {
  let t: TestEngine;

  afterEach(() => t.close());

  async function session(opts = {}) {
    t = await startEngine(opts);
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [socket] = await connection;
    return { sid, socket, q: `EIO=4&transport=polling&sid=${sid}` };
  }

  it("holds a GET until there is something to send", async () => {
    const { socket, q } = await session();
    let answered = false;
    const poll = rawRequest(t.port, "GET", t.path(q)).then((r) => ((answered = true), r));
    await sleep(80);
    expect(answered).to.equal(false);
    socket.send("hello");
    const res = await poll;
    expect(res.status).to.equal(200);
    expect(res.headers["content-type"]).to.equal("text/plain; charset=UTF-8");
    expect(res.headers["cache-control"]).to.equal("no-store");
    expect(res.body).to.equal("4hello");
  });

  it("sends everything buffered between two GETs as one \\x1e-joined payload, binary as b+base64", async () => {
    const { socket, q } = await session();
    socket.send("hello");
    socket.send(Buffer.from([1, 2, 3]));
    socket.send("é");
    const res = await rawRequest(t.port, "GET", t.path(q));
    expect(res.body).to.equal("4hello\x1ebAQID\x1e4é");
  });

  it("answers a POST with 200 'ok' and delivers its packets in order", async () => {
    const { socket, q } = await session();
    const received: unknown[] = [];
    socket.on("message", (d) => received.push(d));
    const res = await rawRequest(t.port, "POST", t.path(q), { body: "4one\x1ebAQID\x1e4three" });
    expect(res.status).to.equal(200);
    expect(res.body).to.equal("ok");
    expect(res.headers["content-type"]).to.equal("text/html");
    expect(received[0]).to.equal("one");
    expect([...(received[1] as Buffer)]).to.deep.equal([1, 2, 3]);
    expect(received[2]).to.equal("three");
  });

  it("a second concurrent GET: 400 code 3, the pending GET gets a close packet, the session closes", async () => {
    const { socket, q } = await session();
    const closed = waitForEvent<[string]>(socket, "close");
    const first = rawRequest(t.port, "GET", t.path(q));
    await sleep(50);
    const second = await rawRequest(t.port, "GET", t.path(q));
    expect(second.status).to.equal(400);
    expect(JSON.parse(second.body)).to.deep.equal({ code: 3, message: "Bad request" });
    expect((await first).body).to.equal("1");
    expect((await closed)[0]).to.equal("transport error");
    expect(t.engine.clientsCount).to.equal(0);
  });

  it("a second concurrent POST is a protocol error too", async () => {
    const { socket, q } = await session();
    const closed = waitForEvent<[string]>(socket, "close");
    // A POST whose body never ends keeps the data request open.
    const hanging = request({ host: "127.0.0.1", port: t.port, method: "POST", path: t.path(q), agent: false, headers: { "Content-Length": "100" } });
    hanging.on("error", () => {});
    hanging.write("4partial");
    await sleep(50);
    const second = await rawRequest(t.port, "POST", t.path(q), { body: "4x" });
    expect(second.status).to.equal(400);
    expect((await closed)[0]).to.equal("transport error");
    hanging.destroy();
  });

  it("answers 413 to a POST over maxHttpBufferSize and closes the session", async () => {
    const { socket, q } = await session({ maxHttpBufferSize: 100 });
    const closed = waitForEvent<[string]>(socket, "close");
    const res = await rawRequest(t.port, "POST", t.path(q), { body: "4" + "x".repeat(200) });
    expect(res.status).to.equal(413);
    await closed;
  });

  it("a GET aborted by the client closes the session with 'transport error'", async () => {
    const { socket, q } = await session();
    const closed = waitForEvent<[string]>(socket, "close");
    const req = request({ host: "127.0.0.1", port: t.port, method: "GET", path: t.path(q), agent: false });
    req.on("error", () => {});
    req.end();
    await sleep(50);
    req.destroy();
    expect((await closed)[0]).to.equal("transport error");
  });

  it("a malformed payload: 400, 'parse error', and other sessions do not notice", async () => {
    const { socket, q } = await session();
    const other = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid: otherSid } = await pollingHandshake(t);
    const [otherSocket] = await other;
    const closed = waitForEvent<[string]>(socket, "close");
    const res = await rawRequest(t.port, "POST", t.path(q), { body: "4fine\x1ez-not-a-packet" });
    expect(res.status).to.equal(400);
    expect((await closed)[0]).to.equal("parse error");
    expect(otherSocket.readyState).to.equal("open");
    const got = waitForEvent<[string]>(otherSocket, "message");
    const post = await rawRequest(t.port, "POST", t.path(`EIO=4&transport=polling&sid=${otherSid}`), { body: "4still here" });
    expect(post.body).to.equal("ok");
    expect((await got)[0]).to.equal("still here");
  });

  it("gzips large responses when the client accepts it", async () => {
    const { socket, q } = await session();
    const big = "y".repeat(5000);
    const poll = rawRequest(t.port, "GET", t.path(q), { headers: { "Accept-Encoding": "gzip, deflate" } });
    await sleep(20);
    socket.send(big);
    const res = await poll;
    expect(res.headers["content-encoding"]).to.equal("gzip");
    expect(gunzipSync(res.raw).toString()).to.equal("4" + big);
  });

  it("does not compress when httpCompression is off", async () => {
    const { socket, q } = await session({ httpCompression: false });
    const poll = rawRequest(t.port, "GET", t.path(q), { headers: { "Accept-Encoding": "gzip" } });
    await sleep(20);
    socket.send("z".repeat(5000));
    const res = await poll;
    expect(res.headers["content-encoding"]).to.equal(undefined);
    expect(res.body).to.equal("4" + "z".repeat(5000));
  });

  describe("heartbeat", () => {
    it("sends a ping every pingInterval and stays open when answered", async () => {
      const { socket, q } = await session({ pingInterval: 60, pingTimeout: 200 });
      for (let i = 0; i < 3; i++) {
        const res = await rawRequest(t.port, "GET", t.path(q));
        expect(res.body).to.equal("2");
        const beat = waitForEvent(socket, "heartbeat");
        await rawRequest(t.port, "POST", t.path(q), { body: "3" });
        await beat;
      }
      expect(socket.readyState).to.equal("open");
    });

    it("closes with 'ping timeout' when no pong comes", async () => {
      const { socket, q } = await session({ pingInterval: 50, pingTimeout: 80 });
      const closed = waitForEvent<[string]>(socket, "close");
      expect((await rawRequest(t.port, "GET", t.path(q))).body).to.equal("2");
      expect((await closed)[0]).to.equal("ping timeout");
      expect(t.engine.clientsCount).to.equal(0);
    });

    it("treats a ping from the client as a protocol error ('transport error', as engine.io 6)", async () => {
      const { socket, q } = await session();
      const closed = waitForEvent<[string]>(socket, "close");
      await rawRequest(t.port, "POST", t.path(q), { body: "2" });
      expect((await closed)[0]).to.equal("transport error");
    });
  });

  it("close(): the next GET carries the close packet, reason 'forced close'", async () => {
    const { socket, q } = await session();
    const closed = waitForEvent<[string]>(socket, "close");
    socket.send("bye");
    socket.close();
    expect((await rawRequest(t.port, "GET", t.path(q))).body).to.equal("4bye");
    expect((await rawRequest(t.port, "GET", t.path(q))).body).to.equal("1");
    expect((await closed)[0]).to.equal("forced close");
    const after = await rawRequest(t.port, "GET", t.path(q));
    expect(JSON.parse(after.body).code).to.equal(1);
  });
});

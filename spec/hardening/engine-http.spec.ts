/**
 * Hostile HTTP requests against the engine (raw sockets and node:http), while
 * good clients keep exchanging acked events on the same server.
 */
import { expect } from "chai";
import { connect as netConnect } from "node:net";
import { startArena, rawHttp, httpCall, pollingHandshake, waitUntil, type Arena } from "./support.js";

const PATH = "/socket.io/";

function get(query: string, extraHeaders = ""): string {
  return `GET ${PATH}?${query} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extraHeaders}\r\n`;
}

function post(sid: string, body: Buffer | string, headers = ""): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
  const head =
    `POST ${PATH}?EIO=4&transport=polling&sid=${sid} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n` +
    `Content-Type: text/plain;charset=UTF-8\r\n${headers || `Content-Length: ${bytes.length}\r\n`}\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), bytes]);
}

describe("hardening: hostile HTTP requests to the engine", function () {
  this.timeout(10000);
  let arena: Arena;

  beforeEach(async () => {
    arena = await startArena({ maxHttpBufferSize: 10_000, postBodyTimeout: 300 });
  });

  afterEach(async () => {
    await arena.close();
  });

  describe("garbage query strings", () => {
    const cases: Array<[string, number]> = [
      ["EIO=abc&transport=polling", 5],
      ["EIO=4&transport=%3Cscript%3E", 0],
      // A repeated engine parameter is ambiguous (a proxy may read the other value): refused.
      ["EIO=4&EIO=3&transport=polling", 3],
      ["EIO=3&EIO=4&transport=polling", 3],
      ["EIO=4&transport=polling&transport=websocket", 3],
      [`EIO=4&transport=polling&sid=${"x".repeat(10_000)}`, 1],
      ["EIO=4&transport=polling&sid=%E0%A4%A", 1],
      ["EIO=%ZZ&transport=polling", 5],
      ["%%%%=%%&&&==", 0],
    ];
    for (const [query, code] of cases) {
      it(`answers ${query.slice(0, 40)} with code ${code}`, async () => {
        const answer = await rawHttp(arena.port, get(query));
        expect(answer.status).to.equal(400);
        expect(JSON.parse(answer.body)).to.have.property("code", code);
        await arena.assertGoodClientsUnharmed();
      });
    }

    it("answers a request line with invalid percent-encoding in the path", async () => {
      const answer = await rawHttp(arena.port, `GET ${PATH}%ZZ%?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      // The engine answers every path under its prefix, as engine.io does; never a crash or a hang.
      expect(answer.status).to.be.oneOf([200, 400, 404]);
      await arena.assertGoodClientsUnharmed();
    });

    it("closes the connection of a request with huge headers (431), nothing else", async () => {
      const answer = await rawHttp(arena.port, get("EIO=4&transport=polling", `X-Big: ${"a".repeat(20_000)}\r\n`));
      expect(answer.status).to.equal(431);
      await arena.assertGoodClientsUnharmed();
    });
  });

  describe("invalid POST payloads close that session with parse error", () => {
    const payloads: Array<[string, Buffer]> = [
      ["b and invalid base64", Buffer.from("b!!!***", "utf8")],
      ["a valid record then invalid base64", Buffer.from("4x\x1ebAAA$", "utf8")],
      ["an unknown packet type 9", Buffer.from("9hello", "utf8")],
      ["empty records", Buffer.from("\x1e\x1e", "utf8")],
      ["NUL bytes", Buffer.from([0, 0, 0])],
      ["invalid UTF-8 bytes", Buffer.from([0x34, 0xff, 0xfe, 0xc3])],
      ["an empty body", Buffer.alloc(0)],
    ];
    for (const [label, body] of payloads) {
      it(label, async () => {
        const sid = await pollingHandshake(arena.port);
        const answer = await rawHttp(arena.port, post(sid, body));
        await waitUntil(() => arena.engineCloses.has(sid));
        // A payload that decodes to nothing usable is an error answer; the session is gone either way.
        expect(answer.status).to.equal(400);
        expect(arena.engineCloses.get(sid)).to.equal("parse error");
        expect(arena.srv.io.engine.clients.has(sid)).to.equal(false);
        await arena.assertGoodClientsUnharmed();
      });
    }
  });

  it("a lone b (an empty binary message) is refused by the Socket.IO layer: that session only", async () => {
    const sid = await pollingHandshake(arena.port);
    const answer = await rawHttp(arena.port, post(sid, "b"));
    expect(answer.status).to.equal(200);
    await waitUntil(() => arena.engineCloses.has(sid));
    // The Socket.IO layer saw a binary message with no packet waiting for it: it closes the connection.
    expect(arena.engineCloses.get(sid)).to.equal("forced close");
    await arena.assertGoodClientsUnharmed();
  });

  it("a Content-Length shorter than the body: the rest is a bad request, the session ends", async () => {
    const sid = await pollingHandshake(arena.port);
    const body = "4hello";
    const raw = post(sid, body, `Content-Length: 2\r\n`);
    const answer = await rawHttp(arena.port, raw);
    expect(answer.status).to.be.oneOf([200, 400]);
    await waitUntil(() => arena.engineCloses.has(sid));
    await arena.assertGoodClientsUnharmed();
  });

  it("a Content-Length longer than the body: bounded by postBodyTimeout, the session closes", async () => {
    const sid = await pollingHandshake(arena.port);
    const socket = netConnect(arena.port, "127.0.0.1");
    socket.on("error", () => {});
    socket.write(post(sid, "4hi", "Content-Length: 500\r\n"));
    await waitUntil(() => arena.engineCloses.has(sid), 3000);
    expect(arena.engineCloses.get(sid)).to.equal("transport error");
    socket.destroy();
    await arena.assertGoodClientsUnharmed();
  });

  it("a chunked POST that never ends: bounded by postBodyTimeout, the session closes", async () => {
    const sid = await pollingHandshake(arena.port);
    const socket = netConnect(arena.port, "127.0.0.1");
    socket.on("error", () => {});
    const answer = new Promise<string>((resolve) => {
      let text = "";
      socket.on("data", (c: Buffer) => (text += c.toString("latin1")));
      socket.on("close", () => resolve(text));
    });
    socket.write(post(sid, "", "Transfer-Encoding: chunked\r\n"));
    socket.write("3\r\n4hi\r\n");
    const timer = setInterval(() => socket.write("1\r\n6\r\n"), 50); // a trickle, never the last chunk
    try {
      await waitUntil(() => arena.engineCloses.has(sid), 3000);
    } finally {
      clearInterval(timer);
    }
    expect(arena.engineCloses.get(sid)).to.equal("transport error");
    expect(await answer).to.match(/^HTTP\/1\.1 408/);
    await arena.assertGoodClientsUnharmed();
  });

  it("a POST with a declared body over maxHttpBufferSize gets 413 and ends only that session", async () => {
    const sid = await pollingHandshake(arena.port);
    const answer = await rawHttp(arena.port, post(sid, "", "Content-Length: 20000\r\n"));
    expect(answer.status).to.equal(413);
    await waitUntil(() => arena.engineCloses.has(sid));
    await arena.assertGoodClientsUnharmed();
  });

  it("200 handshakes in a burst: all served, all freed after close", async () => {
    const baseline = arena.srv.io.engine.clientsCount;
    const sids = await Promise.all(Array.from({ length: 200 }, () => pollingHandshake(arena.port)));
    expect(new Set(sids).size).to.equal(200);
    expect(arena.srv.io.engine.clientsCount).to.equal(baseline + 200);
    await Promise.all(sids.map((sid) => httpCall(arena.port, "POST", `${PATH}?EIO=4&transport=polling&sid=${sid}`, "1")));
    await waitUntil(() => arena.srv.io.engine.clientsCount === baseline);
    for (const sid of sids) expect(arena.engineCloses.get(sid)).to.equal("transport close");
    await arena.assertGoodClientsUnharmed();
  });
});

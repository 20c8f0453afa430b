/**
 * Bug: over WebSocket the CONNECT reply and the first event emitted in the
 * connection handler left in one TCP write (frames are batched per connection
 * per event-loop turn), so a client that handles one message per read of its
 * socket (ws 8.5 emits every frame of one read synchronously; Socket.IO's
 * public conformance suite listens once per message) never saw the second.
 * Now the CONNECT reply is written on its own, and what follows leaves in a
 * later write; the per-turn batching stays for everything else.
 *
 * The writes are observed on the server's side of each TCP connection (every
 * `_write`/`_writev` of the net.Socket is one hand-off to the kernel), so the
 * specs do not depend on how fast the client reads.
 */
import type { Socket as NetSocket } from "node:net";
import { expect } from "chai";
import type { Socket } from "../../lib/index.js";
import type { EngineSocket } from "../../lib/engine/index.js";
import { openRawWs, rawRequest, startEngine, waitForEvent } from "../support/engine-helpers.js";
import { startServer, TRANSPORT_MODES, until, waitFor, type TestServer } from "../support/server-helpers.js";

/** net.Socket's Writable implementation methods: one call is one hand-off to the kernel. */
type Writable = {
  _write: (this: unknown, chunk: Buffer, ...rest: unknown[]) => unknown;
  _writev?: (this: unknown, chunks: Array<{ chunk: Buffer }>, ...rest: unknown[]) => unknown;
};

/** Records, per TCP connection the HTTP server accepts, the bytes of each write it hands to the kernel. */
function recordWrites(srv: TestServer): string[][] {
  const perConnection: string[][] = [];
  srv.httpServer.on("connection", (socket: NetSocket) => {
    const writes: string[] = [];
    perConnection.push(writes);
    const target = socket as unknown as Writable;
    const write = target._write;
    const writev = target._writev;
    target._write = function (this: unknown, chunk: Buffer, ...rest: unknown[]) {
      writes.push(Buffer.from(chunk).toString("latin1"));
      return write.call(this, chunk, ...rest);
    };
    if (writev) {
      target._writev = function (this: unknown, chunks: Array<{ chunk: Buffer }>, ...rest: unknown[]) {
        writes.push(chunks.map(({ chunk }) => Buffer.from(chunk).toString("latin1")).join(""));
        return writev.call(this, chunks, ...rest);
      };
    }
  });
  return perConnection;
}

/** Index of the one write that contains `text` (fails when none or several do). */
function writeWith(writes: string[], text: string): number {
  const found = writes.flatMap((w, i) => (w.includes(text) ? [i] : []));
  expect(found, `writes containing ${text}: ${JSON.stringify(writes)}`).to.have.length(1);
  return found[0]!;
}

describe("regression: the CONNECT reply is written on its own, before what the connection handler emits", () => {
  let srv: TestServer;
  afterEach(() => srv.close());

  for (const nsp of ["/", "/custom"]) {
    it(`websocket, namespace ${nsp}: CONNECT reply and the handler's first event are two writes, in that order`, async () => {
      srv = await startServer(TRANSPORT_MODES[1]);
      const writes = recordWrites(srv);
      srv.io.of(nsp).on("connection", (socket: Socket) => {
        socket.emit("auth", socket.handshake.auth);
        socket.emit("second", 2);
      });
      const client = srv.client(nsp);
      await waitFor(client, "second");
      const mine = writes.find((w) => w.some((chunk) => chunk.includes('["auth"')))!;
      const connectReply = writeWith(mine, nsp === "/" ? '40{"sid"' : `40${nsp},{"sid"`);
      const auth = writeWith(mine, '["auth",');
      expect(auth).to.be.greaterThan(connectReply);
      // what the handler emitted in one turn still leaves together
      expect(writeWith(mine, '["second",2]')).to.equal(auth);
    });
  }

  it("websocket: emits of one turn after the connection are still one write (batching kept)", async () => {
    srv = await startServer(TRANSPORT_MODES[1]);
    const writes = recordWrites(srv);
    const connection = waitFor<[Socket]>(srv.io, "connection");
    const client = srv.client();
    await waitFor(client, "connect");
    const [socket] = await connection;
    const received: number[] = [];
    client.on("n", (n: number) => received.push(n));
    for (let n = 1; n <= 3; n++) socket.emit("n", n);
    await until(() => received.length === 3);
    const mine = writes.find((w) => w.some((chunk) => chunk.includes('40{"sid"')))!;
    const first = writeWith(mine, '["n",1]');
    expect(writeWith(mine, '["n",2]')).to.equal(first);
    expect(writeWith(mine, '["n",3]')).to.equal(first);
  });

  it("polling: the held GET carries the CONNECT reply alone, the next GET the handler's event", async () => {
    srv = await startServer(TRANSPORT_MODES[0]);
    srv.io.on("connection", (socket: Socket) => socket.emit("auth", socket.handshake.auth));
    const path = (q: string) => `/socket.io/?EIO=4&transport=polling${q}`;
    const open = await rawRequest(srv.port, "GET", path(""));
    const sid = (JSON.parse(open.body.slice(1)) as { sid: string }).sid;
    const held = rawRequest(srv.port, "GET", path(`&sid=${sid}`));
    await until(() => srv.io.engine.clients.get(sid)?.transport.writable === true);
    await rawRequest(srv.port, "POST", path(`&sid=${sid}`), { body: "40" });
    expect((await held).body).to.match(/^40\{"sid":"[^"]+"\}$/);
    expect((await rawRequest(srv.port, "GET", path(`&sid=${sid}`))).body).to.equal('42["auth",{}]');
  });
});

describe("regression: EngineSocket.flush(), the write apart that the CONNECT reply uses", () => {
  it("what is sent during the gap after flush() is not lost when the session closes in it", async () => {
    const t = await startEngine({ pingInterval: 5000 });
    try {
      const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
      const raw = await openRawWs(t, "EIO=4&transport=websocket");
      const [socket] = await connection;
      expect((await raw.next()).data).to.match(/^0\{/);
      socket.send("a").flush();
      socket.send("b");
      socket.close();
      const frames = [(await raw.next()).data, (await raw.next()).data];
      expect(frames).to.deep.equal(["4a", "4b"]);
      await raw.closed;
    } finally {
      await t.close();
    }
  });
});

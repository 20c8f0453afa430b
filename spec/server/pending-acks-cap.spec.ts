/**
 * maxPendingAcks: a client that never answers cannot grow a socket's ack
 * table without bound. Past the cap an emit with a callback is not sent, its
 * callback gets a VolleyError (VOLLEY_TOO_MANY_PENDING_ACKS) at once, and
 * emitWithAck rejects with it; once the client answers, emits go out again.
 */
import { expect } from "chai";
import type { Socket as ClientSocket } from "socket.io-client";
import { Server, TOO_MANY_PENDING_ACKS_CODE, VolleyError, type Socket } from "../../lib/index.js";
import { startServer, until, waitFor, type TestServer } from "../support/server-helpers.js";

describe("server: maxPendingAcks caps a socket's pending acks", function () {
  this.timeout(15000);
  let srv: TestServer;
  let server: Socket;
  let client: ClientSocket;
  /** Ack callbacks of "ask" the client holds without answering. */
  let held: Array<(answer: unknown) => void>;

  async function connect(opts: { maxPendingAcks?: number } = {}): Promise<void> {
    srv = await startServer({ name: "websocket", transports: ["websocket"] }, opts);
    const connected = waitFor<[Socket]>(srv.io, "connection");
    client = srv.client("/");
    held = [];
    client.on("ask", (_n: number, ack: (answer: unknown) => void) => held.push(ack));
    [server] = await connected;
  }

  afterEach(async () => {
    await srv?.close();
  });

  it("defaults to 1000", () => {
    expect(new Server().opts.maxPendingAcks).to.equal(1000);
  });

  it("refuses a negative or non-number cap at construction", () => {
    expect(() => new Server({ maxPendingAcks: -1 })).to.throw(RangeError, /maxPendingAcks/);
    expect(() => new Server({ maxPendingAcks: "5" as unknown as number })).to.throw(TypeError, /maxPendingAcks/);
  });

  it("past the cap: not sent, the callback gets the error at once, emitWithAck rejects; an answer frees a slot", async () => {
    await connect({ maxPendingAcks: 3 });
    const answers: unknown[] = [];
    for (let i = 0; i < 3; i++) expect(server.emit("ask", i, (answer: unknown) => answers.push(answer))).to.equal(true);
    await until(() => held.length === 3);
    expect(server.acks.pending.size).to.equal(3);

    const refused: unknown[] = [];
    expect(server.emit("ask", 3, (...args: unknown[]) => refused.push(args))).to.equal(false);
    server.timeout(5000).emit("ask", 4, (err: Error | null) => refused.push(err));
    const rejection = await server.emitWithAck("ask", 5).then(
      () => null,
      (err: unknown) => err,
    );
    await until(() => refused.length === 2);
    const [plainArgs, timeoutErr] = refused as [unknown[], Error];
    for (const err of [plainArgs[0], timeoutErr, rejection]) {
      expect(err).to.be.instanceOf(VolleyError);
      expect((err as VolleyError).code).to.equal(TOO_MANY_PENDING_ACKS_CODE);
      expect((err as VolleyError).message).to.match(/maxPendingAcks/);
    }
    expect(server.acks.pending.size).to.equal(3);

    // what was refused never reached the client: a round trip later it still holds 3
    const marker = waitFor(client, "plain");
    server.emit("plain", "after the refused ones");
    await marker;
    expect(held).to.have.length(3);

    held[0]!("first");
    await until(() => answers.length === 1);
    expect(answers).to.deep.equal(["first"]);
    expect(server.emit("ask", 6, (answer: unknown) => answers.push(answer))).to.equal(true);
    await until(() => held.length === 4);
    held[3]!("fourth");
    await until(() => answers.length === 2);
    expect(answers).to.deep.equal(["first", "fourth"]);
  });

  it("a client that never answers: the table stops at the default cap while plain emits still go out", async () => {
    await connect();
    let refused = 0;
    for (let i = 0; i < 1100; i++) server.emit("ask", i, (err: unknown) => err instanceof VolleyError && refused++);
    server.emit("plain", "still delivered");
    const [text] = await waitFor<[string]>(client, "plain");
    expect(text).to.equal("still delivered");
    expect(server.acks.pending.size).to.equal(1000);
    await until(() => refused === 100);
    expect(held).to.have.length(1000);
  });
});

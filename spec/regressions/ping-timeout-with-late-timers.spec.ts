/**
 * Bug: on a loaded machine a polling client that stayed silent past
 * pingInterval + pingTimeout could still find its session alive: its GET was
 * served (the buffered ping, 200) because the heartbeat timers ran late, the
 * ping's only when the request was already waiting, and the pong window was
 * counted from then. The public Engine.IO suite ("closes the session upon
 * ping timeout") expects 400 at exactly that point, as engine.io gives when
 * its timers run on time. Now the pong is due pingTimeout after the ping was
 * *due*, and a polling request checks that deadline itself.
 *
 * The lateness is made, not waited for: the GET is written to the socket,
 * then this process (the server) is kept busy past both deadlines, so when its
 * event loop runs again the timers and the request are all due at once.
 */
import { connect, type Socket as NetSocket } from "node:net";
import { expect } from "chai";
import type { EngineSocket } from "../../lib/engine/index.js";
import { pollingHandshake, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

/** Keeps the event loop blocked for `ms` (the machine's timers all run late afterwards). */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/** Sends a raw GET on a fresh connection already accepted by the server; resolves with the status line. */
async function rawGet(t: TestEngine, path: string, block: number): Promise<string> {
  const accepted = waitForEvent(t.http, "connection");
  const socket: NetSocket = connect(t.port, "127.0.0.1");
  await accepted;
  const response = new Promise<string>((resolve, reject) => {
    let text = "";
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (text.includes("\r\n")) resolve(text.slice(0, text.indexOf("\r\n")));
    });
    socket.on("error", reject);
  });
  socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  busy(block); // the request is in the server's socket buffer; the server cannot run meanwhile
  try {
    return await response;
  } finally {
    socket.destroy();
  }
}

describe("regression: a polling client silent past pingInterval + pingTimeout finds its session gone, even if timers run late", () => {
  let t: TestEngine;
  afterEach(() => t.close());

  it("its GET gets 400 (Session ID unknown) and the session closes with ping timeout", async () => {
    t = await startEngine({ pingInterval: 100, pingTimeout: 100 });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [socket] = await connection;
    const closed = waitForEvent<[string]>(socket, "close");
    // both deadlines (100 ms: ping, 200 ms: pong) pass while the GET waits unread
    const status = await rawGet(t, t.path(`EIO=4&transport=polling&sid=${sid}`), 400);
    expect(status).to.equal("HTTP/1.1 400 Bad Request");
    expect((await closed)[0]).to.equal("ping timeout");
  });

  it("a client that polls within its deadline is served as before", async () => {
    t = await startEngine({ pingInterval: 100, pingTimeout: 5000 });
    const { sid } = await pollingHandshake(t);
    // the ping is past due (late), its pong window far from over: the GET carries the ping
    const status = await rawGet(t, t.path(`EIO=4&transport=polling&sid=${sid}`), 300);
    expect(status).to.equal("HTTP/1.1 200 OK");
  });
});

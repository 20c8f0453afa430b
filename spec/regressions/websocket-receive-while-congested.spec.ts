/**
 * Bug: a WebSocket transport dropped every incoming frame while its OUTGOING
 * side was congested (more than maxBufferedBytes / 16 waiting in ws's send
 * buffer). A client that reads slowly still writes: its messages, acks and
 * pongs were silently lost (a lost pong ends the session with a false
 * "ping timeout"). Fixed: incoming frames are only ignored once the
 * transport is closed or has no owner.
 */
import { expect } from "chai";
import { setImmediate as nextTurn } from "node:timers/promises";
import { WebSocket } from "ws";
import type { EngineSocket } from "../../lib/engine/index.js";
import { sleep, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

const LIMIT = 256 * 1024;
const BIG = "x".repeat(32 * 1024);
const MAX_ROUNDS = 3000;

describe("regression: a WebSocket whose outgoing side is congested still receives", function () {
  this.timeout(10000);
  let t: TestEngine | undefined;
  let ws: WebSocket | undefined;

  afterEach(async function () {
    ws?.terminate();
    ws = undefined;
    await t?.close();
    t = undefined;
  });

  it("a message sent by a client that stopped reading reaches the session", async function () {
    t = await startEngine({ maxBufferedBytes: LIMIT, pingInterval: 10000, pingTimeout: 10000, transports: ["websocket"] });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    ws = new WebSocket(`ws://127.0.0.1:${t.port}${t.path("EIO=4&transport=websocket")}`);
    ws.on("error", () => {});
    await waitForEvent(ws, "open");
    const [session] = await connection;
    const received: string[] = [];
    session.on("message", (data: unknown) => received.push(String(data)));

    ws.pause();
    // Send until the transport stops being writable (past the low watermark) and stays so.
    let congested = false;
    for (let round = 0; round < MAX_ROUNDS && session.readyState === "open"; round++) {
      session.send(BIG);
      await nextTurn();
      if (session.transport.writable) continue;
      await sleep(30);
      if (!session.transport.writable) {
        congested = true;
        break;
      }
    }
    expect(congested, "the transport became congested").to.equal(true);
    expect(session.readyState).to.equal("open");

    ws.send("4hello");
    const end = Date.now() + 3000;
    while (!received.includes("hello") && Date.now() < end) await sleep(10);
    expect(received).to.deep.equal(["hello"]);
    expect(session.transport.writable).to.equal(false);
  });
});

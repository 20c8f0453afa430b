/**
 * Bug: a WebSocket arriving with the sid of a session that had already
 * upgraded (or was upgrading) was refused with a raw HTTP 400, which a
 * WebSocket client reports as an error, not a close. engine.io accepts the
 * handshake and closes that WebSocket, the session unharmed; so does the
 * public Engine.IO conformance suite expect ("ignores WebSocket connection
 * with same sid after upgrade"). Now volley does the same.
 */
import { expect } from "chai";
import { WebSocket } from "ws";
import type { EngineSocket } from "../../lib/engine/index.js";
import { openRawWs, pollingHandshake, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

describe("regression: a WebSocket with the sid of an upgraded or upgrading session is accepted, then closed", () => {
  let t: TestEngine;
  afterEach(() => t.close());

  /** An echo engine and one polling session; resolves with its sid and server-side socket. */
  async function session(): Promise<{ sid: string; socket: EngineSocket }> {
    t = await startEngine({ pingInterval: 5000 });
    t.engine.on("connection", (socket) => socket.on("message", (data) => socket.send(data)));
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [socket] = await connection;
    return { sid, socket };
  }

  it("after the upgrade: the second WebSocket opens and is closed, the session echoes on the first", async () => {
    const { sid, socket } = await session();
    const first = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
    first.ws.send("2probe");
    expect((await first.next()).data).to.equal("3probe");
    const upgraded = waitForEvent(socket, "upgrade");
    first.ws.send("5");
    await upgraded;
    const second = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
    await second.closed;
    expect(second.frames).to.deep.equal([]);
    expect(socket.readyState).to.equal("open");
    first.ws.send("4hello");
    expect((await first.next()).data).to.equal("4hello");
  });

  it("during the upgrade: the second WebSocket is closed, the pending upgrade completes", async () => {
    const { sid, socket } = await session();
    const first = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
    first.ws.send("2probe");
    expect((await first.next()).data).to.equal("3probe");
    expect(socket.upgrading).to.equal(true);
    const second = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
    await second.closed;
    const upgraded = waitForEvent(socket, "upgrade");
    first.ws.send("5");
    await upgraded;
    first.ws.send("4hello");
    expect((await first.next()).data).to.equal("4hello");
  });

  it("as the conformance suite does it (2probe and 5 unanswered, then a second WebSocket): a close, no error", async () => {
    const { sid } = await session();
    const first = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
    first.ws.send("2probe");
    first.ws.send("5");
    const second = new WebSocket(`ws://127.0.0.1:${t.port}${t.path(`EIO=4&transport=websocket&sid=${sid}`)}`);
    const outcome = await new Promise<string>((resolve) => {
      second.once("error", (err) => resolve(`error: ${err.message}`));
      second.once("close", () => resolve("close"));
    });
    expect(outcome).to.equal("close");
    first.ws.send("4hello");
    // the probe answer first, then the echo
    const frames = [(await first.next()).data, (await first.next()).data];
    expect(frames).to.deep.equal(["3probe", "4hello"]);
  });
});

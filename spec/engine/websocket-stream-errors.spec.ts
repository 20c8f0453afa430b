/**
 * Once ws has taken over an upgraded connection, the engine's guard against
 * errors during the handshake is removed (ws keeps its own listener, also
 * after the socket closes): an error on the connection's stream or on the
 * WebSocket then closes that session only, with a reason, and nothing
 * reaches the process.
 */
import { expect } from "chai";
import type { Socket as NetSocket } from "node:net";
import type { EngineSocket } from "../../lib/engine/index.js";
import { openRawWs, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";
import { failOnProcessErrors } from "../support/tripwire.js";

describe("engine: errors on an upgraded connection's stream", () => {
  failOnProcessErrors();
  let t: TestEngine;
  beforeEach(async () => {
    t = await startEngine();
  });
  afterEach(() => t.close());

  async function openSession(): Promise<{ session: EngineSocket; stream: NetSocket }> {
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    await openRawWs(t, "EIO=4&transport=websocket");
    const [session] = await connection;
    return { session, stream: session.request.socket };
  }

  it("leaves ws's own listener as the stream's only error listener", async () => {
    const { stream } = await openSession();
    expect(stream.listenerCount("error")).to.equal(1);
  });

  it("an error on the stream closes that session only, and the other session stays open", async () => {
    const first = await openSession();
    const second = await openSession();
    const closed = waitForEvent<[string]>(first.session, "close");
    first.stream.emit("error", new Error("ECONNRESET (simulated)"));
    const [reason] = await closed;
    expect(reason).to.be.oneOf(["transport close", "transport error"]);
    expect(second.session.readyState).to.equal("open");
    expect(t.engine.clientsCount).to.equal(1);
  });

  it("an error on the stream after it closed reaches nobody", async () => {
    const { session, stream } = await openSession();
    const closed = waitForEvent(session, "close");
    session.close();
    await closed;
    await new Promise((resolve) => (stream.destroyed ? resolve(null) : stream.once("close", resolve)));
    stream.emit("error", new Error("late error"));
    expect(t.engine.clientsCount).to.equal(0);
  });
});

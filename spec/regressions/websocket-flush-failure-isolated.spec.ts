/**
 * Bug: WebSocket writes are coalesced into one module-level flush per turn.
 * When one connection's flush threw, the loop stopped: the connections after
 * it in the queue were never written, the queue was never cleared, and the
 * throw escaped from setImmediate as an uncaught exception. Fixed: a failing
 * write ends that transport only ("websocket error"); the flush loop clears
 * its queue whatever happens.
 */
import { expect } from "chai";
import { EventEmitter } from "node:events";
import type { WebSocket } from "ws";
import { WebSocketTransport } from "../../lib/engine/transports/websocket.js";
import type { Transport, TransportOwner } from "../../lib/engine/transports/transport.js";
import { sleep } from "../support/engine-helpers.js";

/** Just enough of a ws WebSocket for the transport: send, bufferedAmount, close, terminate. */
class FakeWs extends EventEmitter {
  bufferedAmount = 0;
  sent: unknown[] = [];
  terminated = false;
  constructor(readonly failing: boolean) {
    super();
  }
  send(data: unknown): void {
    if (this.failing) throw new Error("socket exploded");
    this.sent.push(data);
  }
  close(): void {}
  terminate(): void {
    this.terminated = true;
  }
}

function recordingOwner(log: string[]): TransportOwner {
  return {
    onTransportPacket: () => {},
    onTransportReady: () => {},
    onTransportDrain: () => {},
    onTransportError: (_t: Transport, reason: string, cause?: unknown) => log.push(`${reason}: ${(cause as Error).message}`),
    onTransportClose: () => log.push("close"),
  };
}

describe("regression: one WebSocket's failing flush does not stall the others", function () {
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown): void => {
    uncaught.push(err);
  };
  let mochaListeners: NodeJS.UncaughtExceptionListener[] = [];

  beforeEach(function () {
    uncaught.length = 0;
    mochaListeners = process.listeners("uncaughtException");
    process.removeAllListeners("uncaughtException");
    process.on("uncaughtException", onUncaught);
  });

  afterEach(function () {
    process.off("uncaughtException", onUncaught);
    for (const l of mochaListeners) process.on("uncaughtException", l);
  });

  it("the failing transport ends with 'websocket error', the next one is written, later turns still flush", async function () {
    const bad = new FakeWs(true);
    const good = new FakeWs(false);
    const badEvents: string[] = [];
    const badTransport = new WebSocketTransport(bad as unknown as WebSocket, { maxBufferedBytes: 1 << 20 });
    badTransport.owner = recordingOwner(badEvents);
    const goodTransport = new WebSocketTransport(good as unknown as WebSocket, { maxBufferedBytes: 1 << 20 });
    goodTransport.owner = recordingOwner([]);

    badTransport.send([{ type: "message", data: "a" }]);
    goodTransport.send([{ type: "message", data: "b" }]);
    await sleep(20);
    expect(uncaught).to.deep.equal([]);
    expect(good.sent.map(String)).to.deep.equal(["4b"]);
    expect(bad.terminated).to.equal(true);
    expect(badEvents).to.deep.equal(["websocket error: socket exploded"]);

    goodTransport.send([{ type: "message", data: "c" }]);
    await sleep(20);
    expect(good.sent.map(String)).to.deep.equal(["4b", "4c"]);
  });
});

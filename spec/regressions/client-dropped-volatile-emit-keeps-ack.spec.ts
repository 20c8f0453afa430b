/**
 * Bug: a volatile emit dropped because the transport was not writable still
 * registered its ack, so `socket.timeout(ms).volatile.emit(…, cb)` later
 * called cb with a timeout error for a packet that was never sent. Fixed: the
 * discard check comes before the ack is registered.
 */
import { expect } from "chai";
import type { Manager, Socket } from "../../client/index.js";
import type { Packet } from "../../lib/protocol/packet.js";
import { sleep } from "../support/wait.js";
import { offlineManager } from "../support/client-helpers.js";

describe("regression: a dropped volatile emit still timed out its ack", () => {
  let manager: Manager;
  let socket: Socket;
  let sent: Packet[];

  beforeEach(() => {
    // never opened: no engine, so the transport is not writable
    ({ manager, socket, sent } = offlineManager());
  });

  afterEach(() => manager.disconnect());

  it("never calls the ack of a dropped volatile emit", async () => {
    const calls: unknown[][] = [];
    socket.timeout(30).volatile.emit("v", 1, (...args: unknown[]) => calls.push(args));
    socket.volatile.emit("v", 2, (...args: unknown[]) => calls.push(args));
    await sleep(120);
    expect(calls).to.deep.equal([]);
    expect(sent).to.deep.equal([]);
    expect(socket.sendBuffer).to.deep.equal([]);
  });

  it("a non-volatile emit offline still times out its ack", async () => {
    const calls: unknown[][] = [];
    socket.timeout(30).emit("n", 1, (...args: unknown[]) => calls.push(args));
    await sleep(120);
    expect(calls).to.have.length(1);
    expect(calls[0]![0]).to.be.instanceOf(Error);
  });
});

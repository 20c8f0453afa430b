/**
 * Bug (found while reworking the client Socket): emit() refused a reserved
 * event name before taking its flags, so the flags of the refused emit
 * (volatile, compress, timeout, and emitWithAck's error-first ack) stayed
 * for the NEXT emit: after `emitWithAck("connect")` was rejected, a plain
 * `emit("x", ack)` called its ack with `(null, answer)`. Fixed: emit() takes
 * its flags first; a refused emit drops them.
 */
import { expect } from "chai";
import type { Manager, Socket } from "../../client/index.js";
import { PacketType, type Packet } from "../../lib/protocol/packet.js";
import { offlineManager } from "../support/client-helpers.js";

describe("regression: a refused emit's flags leaked into the next emit", () => {
  let manager: Manager;
  let socket: Socket;
  let sent: Packet[];

  beforeEach(() => {
    ({ manager, socket, sent } = offlineManager({ sid: "sid1" }));
  });

  afterEach(() => manager.disconnect());

  it("a plain ack after a rejected emitWithAck gets just the answer", async () => {
    await socket.emitWithAck("connect" as never).then(
      () => expect.fail("a reserved name must be refused"),
      (err: Error) => expect(err.message).to.equal('"connect" is a reserved event name'),
    );
    const answers: unknown[][] = [];
    socket.emit("x", (...answer: unknown[]) => answers.push(answer));
    const event = sent.find((p) => p.type === PacketType.EVENT)!;
    socket._onPacket({ type: PacketType.ACK, nsp: "/", id: event.id, data: [42] });
    expect(answers).to.deep.equal([[42]]);
  });

  it("a volatile flag does not outlive the refused emit", () => {
    expect(() => socket.volatile.emit("disconnect" as never)).to.throw(/reserved event name/);
    socket.disconnect();
    socket.emit("kept");
    expect(socket.sendBuffer.map((p) => p.data)).to.deep.equal([["kept"]]);
  });
});

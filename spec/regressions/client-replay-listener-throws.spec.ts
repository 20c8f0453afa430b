/**
 * Bug: on "connect" the client swapped out its receive buffer (events that
 * came before the CONNECT reply, e.g. replayed by recovery) and its send
 * buffer (emits made offline), then replayed them; one listener that threw
 * lost every later buffered event, every buffered emit and the "connect"
 * event. Fixed: each replayed call is isolated; its error is rethrown
 * asynchronously, as any listener error is.
 */
import { expect } from "chai";
import { Manager, type Socket } from "../../client/index.js";
import { PacketType, type Packet } from "../../lib/protocol/packet.js";
import { sleep } from "../support/wait.js";
import { useUncaughtCatcher } from "../support/tripwire.js";

describe("regression: a throwing listener during the connect replay lost the buffers", () => {
  let manager: Manager;
  let socket: Socket;
  let sent: Packet[];
  // mocha fails a test on an uncaught exception: catch the rethrown listener errors here instead
  const uncaught = useUncaughtCatcher();

  beforeEach(() => {
    manager = new Manager("http://127.0.0.1:1", { autoConnect: false, reconnection: false });
    sent = [];
    manager._packet = (packet: Packet) => void sent.push(packet);
    socket = manager.socket("/");
    socket.connect();
  });

  afterEach(() => {
    manager.disconnect();
  });

  it("replays every buffered event, sends every buffered emit and fires connect", async () => {
    const received: unknown[] = [];
    socket.on("e", (n: number) => {
      received.push(n);
      if (n === 1) throw new Error("listener failed");
    });
    socket.onAnyOutgoing((event: string, n: number) => {
      if (n === 10) throw new Error("outgoing listener failed");
    });
    let connects = 0;
    socket.on("connect", () => connects++);
    for (const n of [1, 2, 3]) socket._onPacket({ type: PacketType.EVENT, nsp: "/", data: ["e", n] });
    socket.emit("out", 10);
    socket.emit("out", 11);
    expect(received).to.deep.equal([]);
    socket._onPacket({ type: PacketType.CONNECT, nsp: "/", data: { sid: "sid1" } });
    expect(received).to.deep.equal([1, 2, 3]);
    expect(sent.filter((p) => p.type === PacketType.EVENT).map((p) => p.data)).to.deep.equal([
      ["out", 10],
      ["out", 11],
    ]);
    expect(connects).to.equal(1);
    expect(socket.connected).to.equal(true);
    expect(socket.receiveBuffer).to.deep.equal([]);
    expect(socket.sendBuffer).to.deep.equal([]);
    await sleep(20);
    expect(uncaught.map((e) => (e as Error).message).sort()).to.deep.equal(["listener failed", "outgoing listener failed"]);
  });
});

/**
 * Bug (found in review of the client size pass): the Socket sent an event
 * first and told its onAnyOutgoing listeners afterwards; socket.io-client
 * tells them first (so a listener sees the event before it leaves and may
 * still change its arguments), both for a direct emit and for emits
 * buffered while offline. Fixed: listeners first, in both paths.
 */
import { expect } from "chai";
import { offlineManager } from "../support/client-helpers.js";
import { PacketType } from "../../lib/protocol/packet.js";

describe("regression: onAnyOutgoing listeners ran after the packet was sent", () => {
  it("runs them before the packet leaves, for a direct emit and for a buffered one", () => {
    const { manager, socket, sent } = offlineManager();
    const order: string[] = [];
    const eventsSent = (): number => sent.filter((p) => p.type === PacketType.EVENT).length;
    socket.onAnyOutgoing((event: string, payload: { stamped?: boolean }) => {
      order.push(`${event} notified with ${eventsSent()} sent`);
      payload.stamped = true;
    });
    socket.emit("buffered", {});
    socket.connect();
    socket._onPacket({ type: PacketType.CONNECT, nsp: "/", data: { sid: "sid1" } });
    socket.emit("direct", {});
    const events = sent.filter((p) => p.type === PacketType.EVENT);
    expect(order).to.deep.equal(["buffered notified with 0 sent", "direct notified with 1 sent"]);
    expect(events.map((p) => p.data)).to.deep.equal([
      ["buffered", { stamped: true }],
      ["direct", { stamped: true }],
    ]);
    manager.disconnect();
  });
});

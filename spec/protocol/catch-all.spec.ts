/**
 * The one implementation of catch-all listeners (lib/protocol/catch-all.ts)
 * and of the answer-once ACK callback (onceAck in lib/protocol/acks.ts) that
 * the server Socket and the client Socket both use.
 */
import { expect } from "chai";
import { Emitter } from "../../lib/protocol/emitter.js";
import { withCatchAll, type CatchAllListener, type CatchAllMethods } from "../../lib/protocol/catch-all.js";
import { onceAck } from "../../lib/protocol/acks.js";
import { PacketType } from "../../lib/protocol/constants.js";
import type { Packet } from "../../lib/protocol/packet.js";

const Base = withCatchAll(Emitter) as unknown as new () => Emitter & CatchAllMethods;
class Host extends Base {}

describe("protocol: catch-all listeners (withCatchAll)", () => {
  it("calls incoming listeners in order, prepended ones first, with `this` the host", () => {
    const host = new Host();
    const calls: string[] = [];
    const selves: unknown[] = [];
    host.onAny((event: string, arg: unknown) => calls.push(`second:${event}:${String(arg)}`));
    host.prependAny(function (this: unknown, event: string) {
      selves.push(this);
      calls.push(`first:${event}`);
    });
    host._notifyAny(["chat", 1]);
    expect(calls).to.deep.equal(["first:chat", "second:chat:1"]);
    expect(selves).to.deep.equal([host]);
  });

  it("offAny removes one registration, or every listener without an argument", () => {
    const host = new Host();
    const a: CatchAllListener = () => {};
    const b: CatchAllListener = () => {};
    host.onAny(a).onAny(b).onAny(a);
    host.offAny(a);
    expect(host.listenersAny()).to.deep.equal([b, a]);
    host.offAny(() => {});
    expect(host.listenersAny()).to.deep.equal([b, a]);
    host.offAny();
    expect(host.listenersAny()).to.deep.equal([]);
    host.onAny(a);
    expect(host.listenersAny()).to.deep.equal([a]);
  });

  it("listenersAny returns a copy", () => {
    const host = new Host();
    host.onAny(() => {});
    host.listenersAny().length = 0;
    expect(host.listenersAny()).to.have.length(1);
  });

  it("keeps the outgoing list apart, with the same four methods", () => {
    const host = new Host();
    const seen: unknown[][] = [];
    const dropped: CatchAllListener = () => {
      throw new Error("removed listener was called");
    };
    host.onAnyOutgoing((...args) => seen.push(["last", ...args]));
    host.prependAnyOutgoing((...args) => seen.push(["first", ...args]));
    host.onAnyOutgoing(dropped);
    host.offAnyOutgoing(dropped);
    expect(host.listenersAnyOutgoing()).to.have.length(2);
    expect(host.listenersAny()).to.have.length(0);
    host._notifyAnyOutgoing(["out", 2]);
    host._notifyAny(["in", 3]);
    expect(seen).to.deep.equal([
      ["first", "out", 2],
      ["last", "out", 2],
    ]);
    host.offAnyOutgoing();
    expect(host.listenersAnyOutgoing()).to.deep.equal([]);
  });

  it("a listener removing another while the list runs does not skip or break the current run", () => {
    const host = new Host();
    const calls: string[] = [];
    const second: CatchAllListener = () => calls.push("second");
    host.onAny(() => {
      calls.push("first");
      host.offAny(second);
    });
    host.onAny(second);
    host._notifyAny(["e"]);
    host._notifyAny(["e"]);
    expect(calls).to.deep.equal(["first", "second", "first"]);
  });

  it("without an invoker a throw propagates (the client's socket.io-client behaviour)", () => {
    const host = new Host();
    host.onAny(() => {
      throw new Error("boom");
    });
    expect(() => host._notifyAny(["e"])).to.throw("boom");
  });

  it("calls each listener through the invoker it was built with (the server guards them)", () => {
    const caught: unknown[] = [];
    const Guarded = withCatchAll(Emitter, (listener, self, data) => {
      try {
        listener.apply(self, data as [string]);
      } catch (err) {
        caught.push(err);
      }
    }) as unknown as new () => Emitter & CatchAllMethods;
    const host = new Guarded();
    const calls: string[] = [];
    host.onAny(() => {
      throw new Error("first fails");
    });
    host.onAny((event) => calls.push(event));
    host._notifyAny(["chat"]);
    expect(calls).to.deep.equal(["chat"]);
    expect(caught).to.have.length(1);
    expect((caught[0] as Error).message).to.equal("first fails");
  });
});

describe("protocol: onceAck", () => {
  it("sends one ACK packet with the id, namespace and arguments, through the owner's method", () => {
    const owner = {
      sent: [] as Packet[],
      send(packet: Packet): void {
        this.sent.push(packet);
      },
    };
    const ack = onceAck(owner, owner.send, "/chat", 7);
    ack("yes", 2);
    expect(owner.sent).to.deep.equal([{ type: PacketType.ACK, nsp: "/chat", id: 7, data: ["yes", 2] }]);
  });

  it("ignores every call after the first", () => {
    const sent: Packet[] = [];
    const ack = onceAck(sent, Array.prototype.push as (this: Packet[], packet: Packet) => void, "/", 0);
    ack(1);
    ack(2);
    ack();
    expect(sent).to.have.length(1);
    expect(sent[0]!.data).to.deep.equal([1]);
  });
});

import { expect } from "chai";
import { PendingAcks, ACK_TIMEOUT_CODE, type AckTimers } from "../../lib/protocol/acks.js";

/** Manual clock: timers fire only when the test advances time. */
class FakeTimers {
  now = 0;
  private nextHandle = 1;
  private readonly timers = new Map<number, { at: number; fn: (...args: unknown[]) => void; args: unknown[] }>();
  get pending(): number {
    return this.timers.size;
  }
  asTimers(): AckTimers {
    // Called without a receiver by PendingAcks, as browsers require; arrow functions keep `this`.
    return {
      setTimeout: ((fn: (...args: unknown[]) => void, ms: number, ...args: unknown[]) => {
        const handle = this.nextHandle++;
        this.timers.set(handle, { at: this.now + ms, fn, args });
        return handle;
      }) as unknown as typeof setTimeout,
      clearTimeout: ((handle: number) => void this.timers.delete(handle)) as unknown as typeof clearTimeout,
    };
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [handle, timer] of [...this.timers]) {
      if (timer.at <= this.now && this.timers.delete(handle)) timer.fn(...timer.args);
    }
  }
}

describe("protocol/acks: PendingAcks", () => {
  it("hands out ids counting up from 0", () => {
    const acks = new PendingAcks();
    expect([acks.register(() => {}), acks.register(() => {}), acks.register(() => {})]).to.deep.equal([0, 1, 2]);
    expect(acks.pending.size).to.equal(3);
    expect(acks.pending.has(1)).to.equal(true);
  });

  it("settles an id once with the answer's arguments", () => {
    const acks = new PendingAcks();
    const calls: unknown[][] = [];
    const id = acks.register((...args) => calls.push(args));
    expect(acks.settle(id, ["a", 2])).to.equal(true);
    expect(acks.settle(id, ["again"])).to.equal(false);
    expect(calls).to.deep.equal([["a", 2]]);
    expect(acks.pending.size).to.equal(0);
  });

  it("returns false for an id that was never registered", () => {
    const acks = new PendingAcks();
    acks.register(() => {});
    expect(acks.settle(5, [])).to.equal(false);
    expect(acks.pending.size).to.equal(1);
  });

  it("prepends null for withError callbacks", () => {
    const acks = new PendingAcks();
    const calls: unknown[][] = [];
    const id = acks.register((...args) => calls.push(args), undefined, true);
    acks.settle(id, ["ok"]);
    expect(calls).to.deep.equal([[null, "ok"]]);
  });

  describe("with a timeout (fake timers)", () => {
    it("calls back once with a timeout error and ignores a late answer", () => {
      const clock = new FakeTimers();
      const acks = new PendingAcks(clock.asTimers());
      const calls: unknown[][] = [];
      const id = acks.register((...args) => calls.push(args), 100);
      clock.advance(99);
      expect(calls).to.deep.equal([]);
      clock.advance(1);
      expect(calls).to.have.length(1);
      const [err] = calls[0] as [Error & { code: string }];
      expect(err).to.be.instanceOf(Error);
      expect(err.message).to.equal("operation has timed out");
      expect(err.code).to.equal(ACK_TIMEOUT_CODE);
      expect(acks.settle(id, ["late"])).to.equal(false);
      expect(calls).to.have.length(1);
      expect(acks.pending.size).to.equal(0);
    });

    it("an answer in time clears the timer and is passed error-first", () => {
      const clock = new FakeTimers();
      const acks = new PendingAcks(clock.asTimers());
      const calls: unknown[][] = [];
      const id = acks.register((...args) => calls.push(args), 100);
      expect(clock.pending).to.equal(1);
      expect(acks.settle(id, [1, 2])).to.equal(true);
      expect(clock.pending).to.equal(0);
      clock.advance(1000);
      expect(calls).to.deep.equal([[null, 1, 2]]);
    });

    it("tells onTimeout which id expired", () => {
      const clock = new FakeTimers();
      const expired: number[] = [];
      const acks = new PendingAcks(clock.asTimers(), (id) => expired.push(id));
      acks.register(() => {}, 10);
      const second = acks.register(() => {}, 20);
      clock.advance(10);
      expect(expired).to.deep.equal([0]);
      expect(acks.pending.has(second)).to.equal(true);
    });
  });

  it("times out with real timers too", async () => {
    const acks = new PendingAcks();
    const err = await new Promise<Error>((resolve) => acks.register(resolve, 5));
    expect(err.message).to.equal("operation has timed out");
    expect(acks.pending.size).to.equal(0);
  });

  describe("rejectAll", () => {
    it("rejects withError and timeout callbacks, drops plain ones, clears timers", () => {
      const clock = new FakeTimers();
      const acks = new PendingAcks(clock.asTimers());
      const calls: Array<[string, unknown[]]> = [];
      const plain = acks.register((...args) => calls.push(["plain", args]));
      acks.register((...args) => calls.push(["withError", args]), undefined, true);
      acks.register((...args) => calls.push(["timeout", args]), 50);
      const error = new Error("socket has been disconnected");
      acks.rejectAll(error);
      expect(calls).to.deep.equal([
        ["withError", [error]],
        ["timeout", [error]],
      ]);
      expect(acks.pending.size).to.equal(0);
      expect(clock.pending).to.equal(0);
      clock.advance(100);
      expect(acks.settle(plain, ["late"])).to.equal(false);
      expect(calls).to.have.length(2);
    });

    it("keeps the ids the caller wants to keep, with their timers", () => {
      const clock = new FakeTimers();
      const acks = new PendingAcks(clock.asTimers());
      const calls: unknown[][] = [];
      const kept = acks.register((...args) => calls.push(args), 50);
      acks.register((...args) => calls.push(args), undefined, true);
      acks.rejectAll(new Error("gone"), (id) => id === kept);
      expect(acks.pending.size).to.equal(1);
      expect(clock.pending).to.equal(1);
      expect(acks.settle(kept, ["still"])).to.equal(true);
      expect(calls.at(-1)).to.deep.equal([null, "still"]);
    });

    it("calls every callback even if one throws, then rethrows the first exception", () => {
      const acks = new PendingAcks();
      let reached = false;
      acks.register(() => {
        throw new Error("first");
      }, undefined, true);
      acks.register(() => {
        reached = true;
      }, undefined, true);
      expect(() => acks.rejectAll(new Error("gone"))).to.throw("first");
      expect(reached).to.equal(true);
      expect(acks.pending.size).to.equal(0);
    });
  });

  it("keeps ids in the safe integer range", () => {
    const acks = new PendingAcks();
    (acks as unknown as { _nextId: number })._nextId = Number.MAX_SAFE_INTEGER;
    expect(acks.register(() => {})).to.equal(Number.MAX_SAFE_INTEGER);
    expect(acks.register(() => {})).to.equal(0);
  });
});

import { expect } from "chai";
import { RecoveryStore, type RecoveryClock } from "../../lib/recovery.js";

function fakeClock(): RecoveryClock & { t: number; tick: () => void; cleared: boolean } {
  const clock = {
    t: 1000,
    fn: undefined as undefined | (() => void),
    cleared: false,
    now: () => clock.t,
    setInterval: (fn: () => void) => {
      clock.fn = fn;
      return { unref() {} };
    },
    clearInterval: () => {
      clock.cleared = true;
    },
    tick: () => clock.fn?.(),
  };
  return clock;
}

describe("server: RecoveryStore", () => {
  it("returns the events after the offset that match the session's rooms, in order", () => {
    const store = new RecoveryStore(1000, fakeClock());
    const o1 = store.record(["a"], { rooms: new Set() });
    store.record(["b"], { rooms: new Set(["r1"]) });
    store.record(["c"], { rooms: new Set(["r2"]) });
    store.record(["d"], { rooms: new Set(), except: new Set(["r1"]) });
    store.record(["e"], { rooms: ["sid1"] });
    store.persist({ sid: "sid1", pid: "p1", rooms: ["sid1", "r1"], data: { k: 1 } });
    const session = store.restore("p1", o1);
    expect(session).to.deep.equal({ sid: "sid1", pid: "p1", rooms: ["sid1", "r1"], data: { k: 1 }, missedPackets: [["b"], ["e"]] });
    expect(store.restore("p1", o1)).to.equal(null, "a session is restored once");
    store.close();
  });

  it("refuses unknown pids, foreign or future offsets, and expired sessions", () => {
    const clock = fakeClock();
    const store = new RecoveryStore(1000, clock);
    const o = store.record(["a"], { rooms: new Set() });
    store.persist({ sid: "s", pid: "p", rooms: ["s"], data: {} });
    expect(store.restore("nope", o)).to.equal(null);
    expect(store.restore("p", "zz.1")).to.equal(null);
    store.persist({ sid: "s", pid: "p", rooms: ["s"], data: {} });
    expect(store.restore("p", o.slice(0, -1) + "zz")).to.equal(null);
    store.persist({ sid: "s", pid: "p", rooms: ["s"], data: {} });
    clock.t += 1001;
    expect(store.restore("p", o)).to.equal(null);
    store.close();
  });

  it("drops expired sessions and events on the timer, and stops it on close", () => {
    const clock = fakeClock();
    const store = new RecoveryStore(1000, clock);
    store.record(["old"], { rooms: new Set() });
    store.persist({ sid: "s", pid: "p", rooms: ["s"], data: {} });
    clock.t += 600;
    const fresh = store.record(["new"], { rooms: new Set() });
    expect(store.size).to.deep.equal({ sessions: 1, events: 2 });
    clock.t += 500;
    clock.tick();
    expect(store.size).to.deep.equal({ sessions: 0, events: 1 });
    store.persist({ sid: "s2", pid: "p2", rooms: ["s2"], data: {} });
    const after = store.record(["after"], { rooms: new Set() });
    expect(store.restore("p2", fresh)!.missedPackets).to.deep.equal([["after"]]);
    void after;
    store.close();
    expect(clock.cleared).to.equal(true);
    expect(store.size).to.deep.equal({ sessions: 0, events: 0 });
  });

  it("refuses an offset whose following events were dropped", () => {
    const clock = fakeClock();
    const store = new RecoveryStore(1000, clock);
    const o1 = store.record(["1"], { rooms: new Set() });
    store.record(["2"], { rooms: new Set() });
    clock.t += 1500;
    store.record(["3"], { rooms: new Set() });
    clock.tick();
    store.persist({ sid: "s", pid: "p", rooms: ["s"], data: {} });
    expect(store.restore("p", o1)).to.equal(null);
    store.close();
  });
});

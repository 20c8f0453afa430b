/**
 * ListenerTable: the server emitters' listener storage (lib/protocol/listener-table.ts) behaves as
 * the Map it replaces, below and past the size where it moves to a Map.
 */
import { expect } from "chai";
import { ListenerTable, MAP_AFTER } from "../../lib/protocol/listener-table.js";
import { NodeEmitter } from "../../lib/protocol/emitter.js";

const fn = (): void => {};

/** Applies the same operations to a Map and a ListenerTable and compares them after each. */
function compareWithMap(events: (string | symbol)[]): void {
  const table = new ListenerTable();
  const map = new Map<string | symbol, (() => void)[]>();
  const same = (): void => {
    expect([...table.keys()]).to.deep.equal([...map.keys()]);
    expect(table.size).to.equal(map.size);
    for (const event of [...map.keys(), "absent"]) {
      expect(table.get(event)).to.equal(map.get(event));
      expect(table.has(event)).to.equal(map.has(event));
    }
  };
  for (const event of events) {
    const list = [fn];
    table.set(event, list);
    map.set(event, list);
    same();
  }
  // replace, then delete every other event
  for (const [i, event] of events.entries()) {
    const list = [fn, fn];
    table.set(event, list);
    map.set(event, list);
    if (i % 2 === 0) expect(table.delete(event)).to.equal(map.delete(event));
    same();
  }
  expect(table.delete("absent")).to.equal(false);
  table.clear();
  map.clear();
  same();
}

describe("protocol: ListenerTable", () => {
  it("answers get/set/delete/has/keys as a Map does, with few events", () => {
    compareWithMap(["a", "b", Symbol("c"), "d"]);
  });

  it(`answers as a Map does past ${MAP_AFTER} events, when it has moved to a Map`, () => {
    compareWithMap(Array.from({ length: MAP_AFTER * 2 + 3 }, (_, i) => `event${i}`));
  });

  it("never takes a listener array for an event name", () => {
    const table = new ListenerTable();
    const list = [fn];
    table.set("a", list);
    expect(table.get(list as never)).to.equal(undefined);
    expect(table.delete(list as never)).to.equal(false);
    expect([...table.keys()]).to.deep.equal(["a"]);
  });

  it("is what a NodeEmitter stores its listeners in: emits, once, prepend, off and eventNames work", () => {
    const e = new NodeEmitter<Record<string, (n: number) => void>>();
    const calls: string[] = [];
    for (let i = 0; i < MAP_AFTER + 4; i++) e.on(`e${i}`, (n: number) => calls.push(`e${i}:${n}`));
    e.once("e0", (n: number) => calls.push(`once:${n}`));
    e.prependListener("e0", (n: number) => calls.push(`first:${n}`));
    e.emit("e0", 1);
    e.emit("e0", 2);
    e.emit(`e${MAP_AFTER + 3}`, 3);
    expect(calls).to.deep.equal(["first:1", "e0:1", "once:1", "first:2", "e0:2", `e${MAP_AFTER + 3}:3`]);
    expect(e.eventNames()).to.have.length(MAP_AFTER + 4);
    e.removeAllListeners("e0");
    expect(e.listenerCount("e0")).to.equal(0);
    expect(e.eventNames()).not.to.include("e0");
  });
});

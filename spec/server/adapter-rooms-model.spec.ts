/**
 * The in-memory adapter's rooms and sids behave exactly as socket.io-adapter's: random sequences
 * of addAll/del/delAll over socket ids that are also room names (a socket's own room, and
 * sockets joining each other's) give the same `rooms`, `sids` and room events after every step.
 * volley's adapter shares one Set between a socket's rooms and its own room while it is in no
 * other (lib/adapter.ts #join); this holds that no sequence can tell (the one difference: while
 * "create-room" of a socket's own room is emitted, `sids` does not list that room yet).
 */
import { expect } from "chai";
import fc from "fast-check";
import { Adapter as SioAdapter } from "socket.io-adapter";
import { Adapter } from "../../lib/adapter.js";
import { fuzz } from "../fuzz/support.js";

const IDS = ["a", "b", "c"];
const ROOMS = [...IDS, "r1", "r2"];

type Op = { kind: "addAll"; id: string; rooms: string[] } | { kind: "del"; id: string; room: string } | { kind: "delAll"; id: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("addAll" as const), id: fc.constantFrom(...IDS), rooms: fc.array(fc.constantFrom(...ROOMS), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant("del" as const), id: fc.constantFrom(...IDS), room: fc.constantFrom(...ROOMS) }),
  fc.record({ kind: fc.constant("delAll" as const), id: fc.constantFrom(...IDS) }),
);

interface Observed {
  rooms: Map<string, Set<string>>;
  sids: Map<string, Set<string>>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  addAll(id: string, rooms: Set<string> | string[]): unknown;
  del(id: string, room: string): unknown;
  delAll(id: string): unknown;
}

/** The adapter's state as plain sorted data, and a log of its room events. */
function watch(adapter: Observed): { state(): unknown; events: string[] } {
  const events: string[] = [];
  for (const name of ["create-room", "delete-room", "join-room", "leave-room"]) {
    adapter.on(name, (...args: unknown[]) => {
      // what a listener sees at that moment, too
      events.push(`${name} ${args.join(" ")} rooms=${JSON.stringify(snapshot(adapter.rooms))}`);
    });
  }
  return { state: () => ({ rooms: snapshot(adapter.rooms), sids: snapshot(adapter.sids) }), events };
}

function snapshot(map: Map<string, Set<string>>): [string, string[]][] {
  return [...map].map(([key, set]) => [key, [...set].sort()] as [string, string[]]).sort(([x], [y]) => x.localeCompare(y));
}

function apply(adapter: Observed, step: Op, asSet: boolean): void {
  if (step.kind === "addAll") adapter.addAll(step.id, asSet ? new Set(step.rooms) : step.rooms);
  else if (step.kind === "del") adapter.del(step.id, step.room);
  else adapter.delAll(step.id);
}

describe("server: the in-memory adapter's rooms and sids match socket.io-adapter's", () => {
  it("after every step of random addAll/del/delAll sequences, with events seen by listeners", () => {
    fuzz(
      fc.property(fc.array(op, { maxLength: 25 }), (steps) => {
        const ours = new Adapter({} as never) as unknown as Observed;
        const theirs = new SioAdapter({ server: { encoder: {} } } as never) as unknown as Observed;
        const watchOurs = watch(ours);
        const watchTheirs = watch(theirs);
        for (const step of steps) {
          apply(ours, step, false);
          apply(theirs, step, true);
          expect(watchOurs.state()).to.deep.equal(watchTheirs.state());
        }
        expect(watchOurs.events).to.deep.equal(watchTheirs.events);
      }),
      1500,
    );
  });

  it("a socket in its own room only keeps one Set for both maps; joining another room gives it its own", () => {
    const adapter = new Adapter({} as never);
    adapter.addAll("a", ["a"]);
    expect(adapter.sids.get("a")).to.equal(adapter.rooms.get("a"));
    // leaving a room it is not in, or another socket leaving "a", changes nothing: still shared
    adapter.del("a", "r2");
    adapter.del("b", "a");
    expect(adapter.sids.get("a")).to.equal(adapter.rooms.get("a"));
    adapter.addAll("a", ["r1"]);
    expect(adapter.sids.get("a")).not.to.equal(adapter.rooms.get("a"));
    expect([...adapter.sids.get("a")!]).to.deep.equal(["a", "r1"]);
    expect([...adapter.rooms.get("a")!]).to.deep.equal(["a"]);
  });
});

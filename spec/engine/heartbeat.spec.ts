/**
 * The heartbeat's lanes (lib/engine/heartbeat.ts): one timer per duration for every session,
 * with each session's behaviour what it was with its own timers. Durations are short and
 * only the order of events is asserted, never how long they took.
 */
import { expect } from "chai";
import {
  HeartbeatPhase,
  heartbeatLanes,
  heartbeatPong,
  heartbeatTraffic,
  startHeartbeat,
  stopHeartbeat,
  type HeartbeatNode,
  type Lane,
  type LanePair,
} from "../../lib/engine/heartbeat.js";

/** A session as the heartbeat sees it, recording what it is asked to do. */
class Recorder implements HeartbeatNode {
  readonly events: string[] = [];
  readonly _hbLanes: LanePair;
  _hbPhase = HeartbeatPhase.PING_DUE;
  _hbPongDue = 0;
  _hbLane: Lane | null = null;
  _hbPrev: HeartbeatNode | null = null;
  _hbNext: HeartbeatNode | null = null;
  _hbDeadline = 0;
  constructor(
    readonly name: string,
    readonly answer: boolean,
    readonly log: string[],
    interval: number,
    timeout: number,
  ) {
    this._hbLanes = heartbeatLanes(interval, timeout);
  }
  heartbeatPing(): void {
    this.events.push("ping");
    this.log.push(`${this.name}:ping`);
    if (this.answer) setImmediate(() => heartbeatPong(this));
  }
  heartbeatTimedOut(): void {
    this.events.push("timeout");
    this.log.push(`${this.name}:timeout`);
    stopHeartbeat(this);
  }
}

function until(check: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() - start > limitMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

function timeoutCount(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

function make(name: string, answer: boolean, log: string[], interval: number, timeout: number): Recorder {
  return new Recorder(name, answer, log, interval, timeout);
}

describe("engine: heartbeat lanes", () => {
  it("pings again after each pong, and times out the session that does not answer", async () => {
    const log: string[] = [];
    const alive = make("alive", true, log, 15, 15);
    const silent = make("silent", false, log, 15, 15);
    startHeartbeat(alive);
    startHeartbeat(silent);
    await until(() => silent.events.includes("timeout") && alive.events.length >= 3, "three pings and a timeout");
    expect(silent.events).to.deep.equal(["ping", "timeout"]);
    expect(alive.events.every((e) => e === "ping")).to.equal(true);
    stopHeartbeat(alive);
  });

  it("keeps the order of sessions that joined one after the other", async () => {
    const log: string[] = [];
    const owners = ["a", "b", "c", "d"].map((n) => make(n, false, log, 10, 10_000));
    for (const o of owners) startHeartbeat(o);
    await until(() => log.length === 4, "four pings");
    expect(log).to.deep.equal(["a:ping", "b:ping", "c:ping", "d:ping"]);
    for (const o of owners) stopHeartbeat(o);
  });

  it("extends the pong window once on other traffic, not twice", async () => {
    const log: string[] = [];
    const owner = make("t", false, log, 10, 40);
    startHeartbeat(owner);
    await until(() => owner.events.includes("ping"), "the ping");
    // Traffic moves the pong deadline once; the second call must not move it again.
    heartbeatTraffic(owner);
    heartbeatTraffic(owner);
    await until(() => owner.events.includes("timeout"), "the timeout");
    expect(owner.events).to.deep.equal(["ping", "timeout"]);
  });

  it("a stopped heartbeat never fires, and an empty lane holds no timer", async () => {
    const log: string[] = [];
    const stopped = make("stopped", false, log, 20, 20);
    const other = make("other", true, log, 20, 20);
    startHeartbeat(stopped);
    startHeartbeat(other);
    stopHeartbeat(stopped);
    await until(() => other.events.length >= 2, "two pings of the other session");
    expect(stopped.events).to.deep.equal([]);
    // A pong after stop does not bring it back.
    heartbeatPong(stopped);
    // The last heartbeat leaving its lane takes the lane's timer with it.
    const before = timeoutCount();
    stopHeartbeat(other);
    expect(timeoutCount()).to.equal(before - 1);
    expect(log.some((l) => l.startsWith("stopped"))).to.equal(false);
  });
});

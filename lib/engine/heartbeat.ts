/**
 * The server-driven heartbeat of one session (Engine.IO v4): a ping every
 * pingInterval, and the session ends when no pong comes within pingTimeout.
 * Its own module so the session keeps only the protocol decisions.
 *
 * No timer per session: every heartbeat waiting on the same duration sits in
 * one lane, a list in deadline order (each entry's deadline is "when it joined
 * + the lane's duration", so joining at the tail keeps the order), and a lane
 * has one timer, armed for its head. Joining, leaving and moving to the tail
 * are O(1) pointer updates on the Heartbeat itself: a session costs no Timeout
 * object (120 bytes each, measured with benchmarks/heap.ts) and no closure.
 */

/** What the heartbeat asks of its session. */
export interface HeartbeatOwner {
  /** Time to send a ping packet. */
  heartbeatPing(): void;
  /** No pong (nor any other traffic, see {@link Heartbeat.onTraffic}) within pingTimeout. */
  heartbeatTimedOut(): void;
}

/**
 * Timers fire when the event loop's cached clock reaches their time, which may
 * be a little behind performance.now(): entries due within this margin are
 * treated as due rather than re-armed for a fraction of a millisecond.
 */
const DUE_MARGIN_MS = 1;

/** @internal The heartbeats waiting `ms` milliseconds, oldest deadline first, and the one timer for them. */
export class Lane {
  readonly ms: number;
  head: Heartbeat | null = null;
  tail: Heartbeat | null = null;
  timer: NodeJS.Timeout | null = null;

  constructor(ms: number) {
    this.ms = ms;
  }
}

/** The two lanes a session's heartbeat moves between, shared by every session with the same settings. */
interface LanePair {
  /** pingInterval: waiting to send the next ping. */
  readonly ping: Lane;
  /** pingTimeout: waiting for the pong. */
  readonly pong: Lane;
}

const lanes = new Map<number, Lane>();
const lanePairs = new Map<number, Map<number, LanePair>>();

function laneFor(ms: number): Lane {
  let lane = lanes.get(ms);
  if (!lane) {
    lane = new Lane(ms);
    lanes.set(ms, lane);
  }
  return lane;
}

function lanePairFor(pingInterval: number, pingTimeout: number): LanePair {
  let byTimeout = lanePairs.get(pingInterval);
  if (!byTimeout) lanePairs.set(pingInterval, (byTimeout = new Map()));
  let pair = byTimeout.get(pingTimeout);
  if (!pair) byTimeout.set(pingTimeout, (pair = { ping: laneFor(pingInterval), pong: laneFor(pingTimeout) }));
  return pair;
}

/**
 * The clock of deadlines: performance.now() in whole milliseconds. An integer field stays a small
 * integer in V8 (no 16-byte number box per deadline, two per session); a deadline a fraction of
 * a millisecond early is within DUE_MARGIN_MS anyway.
 */
function nowMs(): number {
  return Math.floor(performance.now());
}

/** Where a heartbeat is: waiting to ping, or waiting for the pong (once extended by traffic, or not yet). */
const enum Phase {
  PING_DUE,
  PONG_AWAITED,
  PONG_AWAITED_EXTENDED,
}

function arm(lane: Lane, now: number): void {
  const head = lane.head;
  if (!head) {
    if (lane.timer !== null) clearTimeout(lane.timer);
    lane.timer = null;
    return;
  }
  if (lane.timer !== null) clearTimeout(lane.timer);
  lane.timer = setTimeout(onLaneTimer, Math.max(1, head.deadline - now), lane);
}

function onLaneTimer(lane: Lane): void {
  lane.timer = null;
  const now = nowMs();
  // Each due entry leaves the lane before its owner is told: the owner may put it back
  // (a ping moves it to the pong lane) or close the session (stop).
  let head = lane.head;
  while (head !== null && head.deadline <= now + DUE_MARGIN_MS) {
    head.leave();
    head.fire();
    head = lane.head;
  }
  if (lane.timer === null) arm(lane, now);
}

/**
 * One session's heartbeat, driven through a back-reference: no closure and
 * no timer per session or per ping.
 *
 * @example
 * const heartbeat = new Heartbeat(session, 25000, 20000);
 * heartbeat.start();        // after the open packet
 * heartbeat.onPong();       // a pong arrived
 * heartbeat.stop();         // the session closed
 */
export class Heartbeat {
  readonly #owner: HeartbeatOwner;
  readonly #lanes: LanePair;
  #phase = Phase.PING_DUE;
  /**
   * When the pong is due (nowMs()), counted from when the ping was due rather than from when the
   * lane's timer ran: under load a timer runs late (see {@link Heartbeat.expired}).
   */
  #pongDue = 0;
  /** @internal lane membership: the lane, neighbours and due time (nowMs()). */
  lane: Lane | null = null;
  /** @internal */
  prev: Heartbeat | null = null;
  /** @internal */
  next: Heartbeat | null = null;
  /** @internal */
  deadline = 0;

  constructor(owner: HeartbeatOwner, pingInterval: number, pingTimeout: number) {
    this.#owner = owner;
    this.#lanes = lanePairFor(pingInterval, pingTimeout);
  }

  /** Schedules the first ping. */
  start(): void {
    this.#phase = Phase.PING_DUE;
    this.#join(this.#lanes.ping);
  }

  /** A packet other than a pong: it proves the client alive; give it one fresh pong window. */
  onTraffic(): void {
    if (this.lane !== null && this.#phase === Phase.PONG_AWAITED) {
      this.#phase = Phase.PONG_AWAITED_EXTENDED;
      this.#join(this.#lanes.pong);
      this.#pongDue = this.deadline;
    }
  }

  /**
   * Whether the pong is overdue by the schedule, though the lane's timer may not have run yet:
   * on a loaded machine timers run late, and the session of a client silent past its deadline
   * must not look alive to that client's next request (engine.io's per-session timers give the
   * same answer when they run on time).
   */
  expired(): boolean {
    return this.lane !== null && this.#phase !== Phase.PING_DUE && performance.now() >= this.#pongDue;
  }

  /** The client answered: the pong window closes and the next ping is pingInterval away. */
  onPong(): void {
    if (this.lane === null) return; // stopped
    this.#phase = Phase.PING_DUE;
    this.#join(this.#lanes.ping);
  }

  /** Leaves its lane; the session is over. */
  stop(): void {
    const lane = this.lane;
    if (lane === null) return;
    this.leave();
    // The lane's timer stays armed for a later head (it re-arms when it fires), except when
    // nothing is left: then it goes, so an idle process can exit.
    if (lane.head === null) arm(lane, 0);
  }

  /** @internal the lane's timer found this entry due (it has already left the lane). */
  fire(): void {
    if (this.#phase !== Phase.PING_DUE) {
      this.#owner.heartbeatTimedOut();
      return;
    }
    this.#phase = Phase.PONG_AWAITED;
    const pong = this.#lanes.pong;
    // (the entry has left its lane, its deadline is still when the ping was due)
    this.#pongDue = this.deadline + pong.ms;
    // In the pong lane before the ping goes out: a session that closes while sending it
    // (stop) leaves that lane again.
    this.#join(pong);
    this.#owner.heartbeatPing();
  }

  /** Joins (or moves to) the tail of `lane`, due its duration from now. */
  #join(lane: Lane): void {
    if (this.lane !== null) this.leave();
    const now = nowMs();
    this.lane = lane;
    this.deadline = now + lane.ms;
    this.prev = lane.tail;
    this.next = null;
    if (lane.tail) lane.tail.next = this;
    else lane.head = this;
    lane.tail = this;
    if (lane.head === this && lane.timer === null) arm(lane, now);
  }
  /** @internal unlinks from its lane (the lane's timer is left alone). */
  leave(): void {
    const lane = this.lane;
    if (lane === null) return;
    if (this.prev) this.prev.next = this.next;
    else lane.head = this.next;
    if (this.next) this.next.prev = this.prev;
    else lane.tail = this.prev;
    this.prev = this.next = null;
    this.lane = null;
  }
}

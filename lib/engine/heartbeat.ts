/**
 * The server-driven heartbeat of one session (Engine.IO v4): a ping every
 * pingInterval, and the session ends when no pong comes within pingTimeout.
 * Its own module so the session keeps only the protocol decisions.
 *
 * No timer per session: every heartbeat waiting on the same duration sits in
 * one lane, a list in deadline order (each entry's deadline is "when it joined
 * + the lane's duration", so joining at the tail keeps the order), and a lane
 * has one timer, armed for its head. Joining, leaving and moving to the tail
 * are O(1) pointer updates. A session costs no Timeout object (120 bytes each,
 * measured with benchmarks/heap.ts), no closure and no object of its own: the
 * list node is the session itself ({@link HeartbeatNode}'s `_hb` fields), and
 * these functions are given it.
 */

/** The two lanes a session's heartbeat moves between, shared by every session with the same settings. */
export interface LanePair {
  /** pingInterval: waiting to send the next ping. */
  readonly ping: Lane;
  /** pingTimeout: waiting for the pong. */
  readonly pong: Lane;
}

/** Where a heartbeat is: waiting to ping, or waiting for the pong (once extended by traffic, or not yet). */
export const enum HeartbeatPhase {
  PING_DUE,
  PONG_AWAITED,
  PONG_AWAITED_EXTENDED,
}

/**
 * A session as its heartbeat sees it: what it is asked to do, and the heartbeat's state, kept
 * on the session itself. A new node has phase PING_DUE, no lane, no neighbours, deadlines 0.
 */
export interface HeartbeatNode {
  /** Time to send a ping packet. */
  heartbeatPing(): void;
  /** No pong (nor any other traffic, see {@link heartbeatTraffic}) within pingTimeout. */
  heartbeatTimedOut(): void;
  /** The lanes of its pingInterval and pingTimeout ({@link heartbeatLanes}). */
  readonly _hbLanes: LanePair;
  /** @internal */
  _hbPhase: HeartbeatPhase;
  /**
   * @internal When the pong is due (nowMs()), counted from when the ping was due rather than from
   * when the lane's timer ran: under load a timer runs late (see {@link heartbeatExpired}).
   */
  _hbPongDue: number;
  /** @internal lane membership: the lane (null: stopped or not started), neighbours, due time (nowMs()). */
  _hbLane: Lane | null;
  /** @internal */
  _hbPrev: HeartbeatNode | null;
  /** @internal */
  _hbNext: HeartbeatNode | null;
  /** @internal */
  _hbDeadline: number;
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
  head: HeartbeatNode | null = null;
  tail: HeartbeatNode | null = null;
  timer: NodeJS.Timeout | null = null;

  constructor(ms: number) {
    this.ms = ms;
  }
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

/**
 * The lanes for a pingInterval and pingTimeout, the same pair for every caller with the same two.
 *
 * @example
 * session._hbLanes = heartbeatLanes(25000, 20000);
 */
export function heartbeatLanes(pingInterval: number, pingTimeout: number): LanePair {
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

function arm(lane: Lane, now: number): void {
  const head = lane.head;
  if (!head) {
    if (lane.timer !== null) clearTimeout(lane.timer);
    lane.timer = null;
    return;
  }
  if (lane.timer !== null) clearTimeout(lane.timer);
  lane.timer = setTimeout(onLaneTimer, Math.max(1, head._hbDeadline - now), lane);
}

function onLaneTimer(lane: Lane): void {
  lane.timer = null;
  const now = nowMs();
  // Each due entry leaves the lane before its session is told: the session may put it back
  // (a ping moves it to the pong lane) or close (stop).
  let head = lane.head;
  while (head !== null && head._hbDeadline <= now + DUE_MARGIN_MS) {
    leave(head);
    fire(head);
    head = lane.head;
  }
  if (lane.timer === null) arm(lane, now);
}

/**
 * Schedules the first ping (after the open packet).
 *
 * @example
 * startHeartbeat(session); // … heartbeatPong(session) on each pong, stopHeartbeat(session) at close
 */
export function startHeartbeat(node: HeartbeatNode): void {
  node._hbPhase = HeartbeatPhase.PING_DUE;
  join(node, node._hbLanes.ping);
}

/** A packet other than a pong: it proves the client alive; give it one fresh pong window. */
export function heartbeatTraffic(node: HeartbeatNode): void {
  if (node._hbLane !== null && node._hbPhase === HeartbeatPhase.PONG_AWAITED) {
    node._hbPhase = HeartbeatPhase.PONG_AWAITED_EXTENDED;
    join(node, node._hbLanes.pong);
    node._hbPongDue = node._hbDeadline;
  }
}

/**
 * Whether the pong is overdue by the schedule, though the lane's timer may not have run yet:
 * on a loaded machine timers run late, and the session of a client silent past its deadline
 * must not look alive to that client's next request (engine.io's per-session timers give the
 * same answer when they run on time).
 */
export function heartbeatExpired(node: HeartbeatNode): boolean {
  return node._hbLane !== null && node._hbPhase !== HeartbeatPhase.PING_DUE && performance.now() >= node._hbPongDue;
}

/** The client answered: the pong window closes and the next ping is pingInterval away. */
export function heartbeatPong(node: HeartbeatNode): void {
  if (node._hbLane === null) return; // stopped
  node._hbPhase = HeartbeatPhase.PING_DUE;
  join(node, node._hbLanes.ping);
}

/** Leaves its lane; the session is over. */
export function stopHeartbeat(node: HeartbeatNode): void {
  const lane = node._hbLane;
  if (lane === null) return;
  leave(node);
  // The lane's timer stays armed for a later head (it re-arms when it fires), except when
  // nothing is left: then it goes, so an idle process can exit.
  if (lane.head === null) arm(lane, 0);
}

/** The lane's timer found `node` due (it has already left the lane). */
function fire(node: HeartbeatNode): void {
  if (node._hbPhase !== HeartbeatPhase.PING_DUE) {
    node.heartbeatTimedOut();
    return;
  }
  node._hbPhase = HeartbeatPhase.PONG_AWAITED;
  const pong = node._hbLanes.pong;
  // (the entry has left its lane, its deadline is still when the ping was due)
  node._hbPongDue = node._hbDeadline + pong.ms;
  // In the pong lane before the ping goes out: a session that closes while sending it
  // (stop) leaves that lane again.
  join(node, pong);
  node.heartbeatPing();
}

/** Joins (or moves to) the tail of `lane`, due its duration from now. */
function join(node: HeartbeatNode, lane: Lane): void {
  if (node._hbLane !== null) leave(node);
  const now = nowMs();
  node._hbLane = lane;
  node._hbDeadline = now + lane.ms;
  node._hbPrev = lane.tail;
  node._hbNext = null;
  if (lane.tail) lane.tail._hbNext = node;
  else lane.head = node;
  lane.tail = node;
  if (lane.head === node && lane.timer === null) arm(lane, now);
}

/** Unlinks `node` from its lane (the lane's timer is left alone). */
function leave(node: HeartbeatNode): void {
  const lane = node._hbLane;
  if (lane === null) return;
  if (node._hbPrev) node._hbPrev._hbNext = node._hbNext;
  else lane.head = node._hbNext;
  if (node._hbNext) node._hbNext._hbPrev = node._hbPrev;
  else lane.tail = node._hbPrev;
  node._hbPrev = node._hbNext = null;
  node._hbLane = null;
}

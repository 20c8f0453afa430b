/**
 * Connection state recovery: the store of disconnected sessions and of the
 * events they may have missed, and the adapter that fills it.
 *
 * Every stored event gets an offset string appended as its last argument; a
 * reconnecting client sends back `{pid, offset}` and receives every later event
 * that was meant for one of its rooms, in order, exactly once.
 *
 * Memory stays bounded: a timer (unref'd, so it never keeps a process alive)
 * drops sessions disconnected for longer than maxDisconnectionDuration and
 * every event older than that: no session could still need it.
 */
import { randomBytes } from "node:crypto";
import { isOffset, OFFSET_PREFIX_BYTES } from "./protocol/offset.js";
import { PacketType } from "./protocol/constants.js";
import type { Packet } from "./protocol/packet.js";
import { Adapter, toSet, type BroadcastOptions, type RestoredSession, type Room, type Session } from "./adapter.js";

/** One stored event and who it was for. */
interface StoredEvent {
  seq: number;
  rooms: ReadonlySet<Room>;
  except: ReadonlySet<Room>;
  data: unknown[];
  emittedAt: number;
}

interface StoredSession extends Session {
  disconnectedAt: number;
}

/** Clock and timers, injectable for tests. */
export interface RecoveryClock {
  now(): number;
  setInterval(fn: () => void, ms: number): { unref?(): unknown };
  clearInterval(handle: unknown): void;
}

const SYSTEM_CLOCK: RecoveryClock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/** Longest pause between two sweeps, so short durations still expire promptly. */
const MAX_SWEEP_INTERVAL = 60_000;

/**
 * Sessions and events of one namespace, in memory.
 *
 * @example
 * const store = new RecoveryStore(120_000);
 * const offset = store.record(["chat", "hi"], { rooms: new Set() });
 * store.persist({ sid, pid, rooms: [sid], data: {} });
 * store.restore(pid, offset); // { sid, pid, rooms, data, missedPackets: [] }
 */
export class RecoveryStore {
  readonly maxDisconnectionDuration: number;
  readonly #clock: RecoveryClock;
  readonly #sessions = new Map<string, StoredSession>();
  /** Events in emission order; `#events[i].seq === #firstSeq + i`. */
  #events: StoredEvent[] = [];
  #firstSeq = 0;
  #nextSeq = 0;
  /** Offsets of another process (or an earlier run) never match ours. */
  readonly #prefix = randomBytes(OFFSET_PREFIX_BYTES).toString("base64url") + ".";
  #timer: unknown;

  constructor(maxDisconnectionDuration: number, clock: RecoveryClock = SYSTEM_CLOCK) {
    this.maxDisconnectionDuration = maxDisconnectionDuration;
    this.#clock = clock;
    const handle = clock.setInterval(() => this.sweep(), Math.max(1, Math.min(maxDisconnectionDuration, MAX_SWEEP_INTERVAL)));
    handle.unref?.();
    this.#timer = handle;
  }

  /** How many sessions and events are held (for tests and metrics). */
  get size(): { sessions: number; events: number } {
    return { sessions: this.#sessions.size, events: this.#events.length };
  }

  /** Stores an event; returns its offset (the caller appends it to `data`). */
  record(data: unknown[], opts: BroadcastOptions): string {
    const seq = this.#nextSeq++;
    if (this.#events.length === 0) this.#firstSeq = seq;
    this.#events.push({ seq, rooms: toSet(opts.rooms), except: toSet(opts.except), data, emittedAt: this.#clock.now() });
    return this.#prefix + seq.toString(36);
  }

  /** Keeps a disconnected socket's state for maxDisconnectionDuration. */
  persist(session: Session): void {
    this.#sessions.set(session.pid, { ...session, disconnectedAt: this.#clock.now() });
  }

  /**
   * Takes a session back (each session is restored at most once) with the
   * events after `offset` that were meant for it; null when the session or the
   * offset is unknown or expired.
   */
  restore(pid: string, offset: string): RestoredSession | null {
    const taken = this.take(pid, offset);
    if (!taken) return null;
    const { session, cursor } = taken;
    return { ...session, missedPackets: this.missedSince(session.rooms, cursor) };
  }

  /**
   * Takes a session back (at most once) with a cursor: the sequence number of
   * the last event its client saw. {@link RecoveryStore.missedSince} turns the
   * cursor into events later, at the moment the socket is ready to receive them.
   */
  take(pid: string, offset: string): { session: Session; cursor: number } | null {
    const stored = this.#sessions.get(pid);
    if (!stored) return null;
    this.#sessions.delete(pid);
    if (stored.disconnectedAt + this.maxDisconnectionDuration < this.#clock.now()) return null;
    const seq = this.#parseOffset(offset);
    // The client must have seen an event we still hold, or the one just before the oldest we hold.
    if (seq === undefined || seq >= this.#nextSeq || seq < this.#firstSeq - 1) return null;
    return { session: { sid: stored.sid, pid: stored.pid, rooms: stored.rooms, data: stored.data }, cursor: seq };
  }

  /** The events after `cursor` meant for a socket in `rooms`, in order (those since expired are gone). */
  missedSince(rooms: readonly Room[], cursor: number): unknown[][] {
    const missedPackets: unknown[][] = [];
    for (let i = Math.max(0, cursor + 1 - this.#firstSeq); i < this.#events.length; i++) {
      const event = this.#events[i] as StoredEvent;
      if (isMeantFor(rooms, event)) missedPackets.push(event.data);
    }
    return missedPackets;
  }

  /** Drops expired sessions and events. Runs on the timer; callable directly. */
  sweep(): void {
    const threshold = this.#clock.now() - this.maxDisconnectionDuration;
    for (const [pid, session] of this.#sessions) {
      if (session.disconnectedAt < threshold) this.#sessions.delete(pid);
    }
    let expired = 0;
    while (expired < this.#events.length && (this.#events[expired] as StoredEvent).emittedAt < threshold) expired++;
    if (expired > 0) {
      this.#events = this.#events.slice(expired);
      this.#firstSeq += expired;
    }
    if (this.#events.length === 0) this.#firstSeq = this.#nextSeq;
  }

  /** Stops the timer and forgets everything. */
  close(): void {
    this.#clock.clearInterval(this.#timer);
    this.#sessions.clear();
    this.#events = [];
  }

  #parseOffset(offset: string): number | undefined {
    if (!isOffset(offset) || !offset.startsWith(this.#prefix)) return undefined;
    return parseInt(offset.slice(this.#prefix.length), 36);
  }
}

function isMeantFor(sessionRooms: readonly Room[], event: StoredEvent): boolean {
  const included = event.rooms.size === 0 || sessionRooms.some((room) => event.rooms.has(room));
  return included && sessionRooms.every((room) => !event.except.has(room));
}

/**
 * A restored session whose missed events are read from the store when asked:
 * at connect time, so nothing broadcast in between is lost.
 */
class CursorSession implements RestoredSession {
  readonly sid: string;
  readonly pid: string;
  readonly rooms: Room[];
  readonly data: unknown;
  readonly #store: RecoveryStore;
  readonly #cursor: number;

  constructor(store: RecoveryStore, session: Session, cursor: number) {
    this.sid = session.sid;
    this.pid = session.pid;
    this.rooms = session.rooms;
    this.data = session.data;
    this.#store = store;
    this.#cursor = cursor;
  }

  get missedPackets(): unknown[][] {
    return this.collectMissedPackets();
  }

  collectMissedPackets(): unknown[][] {
    return this.#store.missedSince(this.rooms, this.#cursor);
  }
}

/**
 * The in-memory adapter plus a {@link RecoveryStore}: the default adapter when
 * `connectionStateRecovery` is on.
 *
 * @example
 * new Server({ connectionStateRecovery: { maxDisconnectionDuration: 60_000 } }); // uses SessionAwareAdapter
 */
export class SessionAwareAdapter extends Adapter {
  readonly store: RecoveryStore;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(nsp: any) {
    super(nsp);
    const duration = this.nsp.server.opts.connectionStateRecovery?.maxDisconnectionDuration;
    this.store = new RecoveryStore(duration ?? 120_000);
  }

  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    // Acked packets are not stored (an ack callback cannot be replayed), nor volatile ones.
    if (packet.type === PacketType.EVENT && packet.id === undefined && !opts.flags?.volatile) {
      const data = packet.data as unknown[];
      data.push(this.store.record(data, opts));
    }
    super.broadcast(packet, opts);
  }

  override persistSession(session: Session): void {
    this.store.persist(session);
  }

  override restoreSession(pid: string, offset: string): Promise<RestoredSession | null> {
    const taken = this.store.take(pid, offset);
    if (!taken) return Promise.resolve(null);
    return Promise.resolve(new CursorSession(this.store, taken.session, taken.cursor));
  }

  override close(): void {
    this.store.close();
  }
}

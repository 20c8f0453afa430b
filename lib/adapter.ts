/**
 * The in-memory adapter: which socket is in which room, and fan-out of a
 * packet to the sockets of a namespace.
 *
 * ## The adapter seam
 * An adapter is THE extension point for scaling out (a Redis adapter subclasses
 * this class). One adapter instance exists per namespace; the namespace calls:
 *
 * | method | job |
 * | --- | --- |
 * | `init()` / `close()` | start / stop (may return a promise) |
 * | `addAll(id, rooms)`, `del(id, room)`, `delAll(id)` | room membership of a local socket |
 * | `broadcast(packet, opts)` | send `packet` to every socket matching `opts` |
 * | `broadcastWithAck(packet, opts, clientCountCallback, ack)` | same, reporting how many clients got it and each answer |
 * | `sockets(rooms)`, `socketRooms(id)` | queries on local membership |
 * | `fetchSockets(opts)` | sockets matching `opts` (a remote adapter returns plain {id, handshake, rooms, data} objects) |
 * | `addSockets(opts, rooms)`, `delSockets(opts, rooms)`, `disconnectSockets(opts, close)` | bulk operations |
 * | `serverSideEmit(args)`, `serverCount()` | talk to the other servers of a cluster |
 * | `persistSession(session)`, `restoreSession(pid, offset)` | connection state recovery |
 *
 * Events: "create-room"(room), "delete-room"(room), "join-room"(room, id), "leave-room"(room, id).
 *
 * {@link BroadcastOptions} is plain data (Sets or arrays of strings and a flags
 * object) so that a subclass can serialize it and apply it on another process
 * with {@link Adapter.apply}. The packet is encoded ONCE per broadcast and the
 * same chunks are handed to every recipient.
 */
import { createLog } from "./log.js";
import { NodeEmitter } from "./protocol/emitter.js";
import type { Packet } from "./protocol/packet.js";
import { encodeForEngine } from "./engine-connection.js";
import type { Namespace } from "./namespace.js";
import type { Socket } from "./socket.js";

const log = createLog("volley:adapter");

/** A room name. A socket is always in the room named after its own id. */
export type Room = string;
/** A socket id. */
export type SocketId = string;

/** Modifiers of one broadcast. Plain data, so it can cross process boundaries. */
export interface BroadcastFlags {
  volatile?: boolean;
  compress?: boolean;
  local?: boolean;
  timeout?: number;
  /** Set by RemoteSocket: the ack receives one answer instead of an array. */
  expectSingleResponse?: boolean;
}

/** Who a broadcast reaches: every socket in one of `rooms` (all when empty), minus those in `except`. */
export interface BroadcastOptions {
  rooms: ReadonlySet<Room> | readonly Room[];
  except?: ReadonlySet<Room> | readonly Room[];
  flags?: BroadcastFlags;
}

/** The state of a disconnected socket kept for recovery. */
export interface Session {
  sid: SocketId;
  pid: string;
  rooms: Room[];
  data: unknown;
}

/** A session found again, with the events it missed (each an `[event, ...args, offset]` array). */
export interface RestoredSession extends Session {
  /** The missed events as of the restore (socket.io's adapter contract). */
  missedPackets: unknown[][];
  /**
   * Optional cursor: the events missed up to now. The socket calls it in the
   * very step that joins it to its namespace, so an event broadcast while the
   * middlewares ran is replayed rather than lost; `missedPackets` is then unused.
   */
  collectMissedPackets?(): unknown[][];
}

/** What `fetchSockets` returns for a socket of another server. */
export interface SocketDetails {
  id: SocketId;
  handshake: unknown;
  rooms: Room[];
  data: unknown;
}

/** Adapter events. */
export interface AdapterEvents {
  "create-room": (room: Room) => void;
  "delete-room": (room: Room) => void;
  "join-room": (room: Room, id: SocketId) => void;
  "leave-room": (room: Room, id: SocketId) => void;
}

/** What `new (io.adapter())(nsp)` must look like. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AdapterConstructor<A extends Adapter = Adapter> = new (nsp: any) => A;

/** A Set view of rooms given as a Set or an array (none: the shared empty set; never modify the result). */
export function toSet(rooms: ReadonlySet<Room> | readonly Room[] | undefined): ReadonlySet<Room> {
  if (!rooms) return EMPTY;
  return rooms instanceof Set ? rooms : new Set(rooms as readonly Room[]);
}
const EMPTY: ReadonlySet<Room> = new Set();

/**
 * In-memory adapter (a single process).
 *
 * @example
 * class LoggingAdapter extends Adapter {
 *   override broadcast(packet: Packet, opts: BroadcastOptions) { console.log(opts); super.broadcast(packet, opts); }
 * }
 * new Server({ adapter: LoggingAdapter });
 */
export class Adapter extends NodeEmitter<AdapterEvents> {
  readonly nsp: Namespace;
  /** room → ids of the sockets in it */
  readonly rooms: Map<Room, Set<SocketId>> = new Map();
  /** socket id → its rooms */
  readonly sids: Map<SocketId, Set<Room>> = new Map();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(nsp: Namespace<any, any, any, any>) {
    super();
    this.nsp = nsp;
  }

  /** Called once by the namespace after construction. */
  init(): Promise<void> | void {}

  /** Called when the namespace goes away or the server closes. */
  close(): Promise<void> | void {}

  /** How many servers share this namespace (1 in memory). */
  serverCount(): Promise<number> {
    return Promise.resolve(1);
  }

  /** Adds socket `id` to `rooms`. */
  addAll(id: SocketId, rooms: Iterable<Room>): Promise<void> | void {
    for (const room of rooms) this.#join(id, room);
    if (!this.sids.has(id)) this.sids.set(id, new Set()); // (known, in no room: as socket.io-adapter keeps it)
  }

  #join(id: SocketId, room: Room): void {
    let members = this.rooms.get(room);
    if (room === id && members === undefined && !this.sids.has(id)) {
      // A socket's first room is its own (every socket, at connect). While it is in no other
      // room, {id} is both its set of rooms and that room's set of members, so one Set serves as
      // both (a Set is about 150 bytes per socket); whichever side changes first gets a copy.
      // (filled after "create-room": its listeners see the room empty, as with socket.io-adapter;
      // only `sids` differs then, which holds the room in socket.io-adapter already)
      const both = new Set<string>();
      this.sids.set(id, both);
      this.rooms.set(room, both);
      this.emit("create-room", room);
      both.add(id);
      this.emit("join-room", room, id);
      return;
    }
    if (members?.has(id) && this.sids.get(id)?.has(room)) return;
    this.#roomsToChange(id, true)!.add(room);
    if (members === undefined) {
      this.rooms.set(room, (members = new Set()));
      this.emit("create-room", room);
    } else members = this.#membersToChange(room)!;
    if (!members.has(id)) {
      members.add(id);
      this.emit("join-room", room, id);
    }
  }

  /** Removes socket `id` from `room`. */
  del(id: SocketId, room: Room): Promise<void> | void {
    // (copied only when it changes: leaving a room it is not in keeps a shared Set shared)
    if (this.sids.get(id)?.has(room)) this.#roomsToChange(id, false)!.delete(room);
    this.#removeFromRoom(room, id);
  }

  /** Removes socket `id` from every room. */
  delAll(id: SocketId): void {
    const own = this.sids.get(id);
    if (!own) return;
    for (const room of own) this.#removeFromRoom(room, id);
    this.sids.delete(id);
  }

  #removeFromRoom(room: Room, id: SocketId): void {
    const current = this.rooms.get(room);
    if (!current) return;
    const members = current.has(id) ? this.#membersToChange(room)! : current;
    if (members.delete(id)) this.emit("leave-room", room, id);
    if (members.size === 0 && this.rooms.delete(room)) this.emit("delete-room", room);
  }

  /** Socket `id`'s set of rooms, ready to change: its own copy if it shares one with its room (see #join). */
  #roomsToChange(id: SocketId, create: boolean): Set<Room> | undefined {
    const own = this.sids.get(id);
    if (own === undefined) {
      if (!create) return undefined;
      const made = new Set<Room>();
      this.sids.set(id, made);
      return made;
    }
    if (own !== this.rooms.get(id)) return own;
    const copy = new Set(own);
    this.sids.set(id, copy);
    return copy;
  }

  /** Room `room`'s members, ready to change: its own copy if it shares one with the socket `room` (see #join). */
  #membersToChange(room: Room): Set<SocketId> | undefined {
    const members = this.rooms.get(room);
    if (members === undefined || members !== this.sids.get(room)) return members;
    const copy = new Set(members);
    this.rooms.set(room, copy);
    return copy;
  }

  /** Sends `packet` (an EVENT whose nsp is set here) to every socket matching `opts`, encoded once. */
  broadcast(packet: Packet, opts: BroadcastOptions): void {
    packet.nsp = this.nsp.name;
    const chunks = encodeForEngine(packet);
    const volatile = !!opts.flags?.volatile;
    const compress = opts.flags?.compress !== false;
    const data = packet.data as unknown[];
    this.apply(opts, (socket) => {
      socket._notifyAnyOutgoing(data);
      socket.client.writeEncoded(chunks, volatile, compress);
    });
  }

  /**
   * Like {@link Adapter.broadcast}, but with an ack id: `clientCountCallback`
   * receives how many clients got the packet, `ack` each client's answer.
   */
  /**
   * Returns the local recipients (so a timed-out broadcast forgets its ack on
   * them only); an adapter that returns nothing makes it scan the namespace.
   */
  broadcastWithAck(
    packet: Packet,
    opts: BroadcastOptions,
    clientCountCallback: (count: number) => void,
    ack: (...args: unknown[]) => void,
  ): Socket[] | void {
    packet.nsp = this.nsp.name;
    packet.id = this.nsp.nextBroadcastAckId();
    const id = packet.id;
    const chunks = encodeForEngine(packet);
    const volatile = !!opts.flags?.volatile;
    const compress = opts.flags?.compress !== false;
    const data = packet.data as unknown[];
    const recipients: Socket[] = [];
    this.apply(opts, (socket) => {
      recipients.push(socket);
      socket.registerBroadcastAck(id, ack);
      socket._notifyAnyOutgoing(data);
      socket.client.writeEncoded(chunks, volatile, compress);
    });
    clientCountCallback(recipients.length);
    return recipients;
  }

  /** Ids of the sockets in `rooms` (every socket when empty). */
  sockets(rooms: ReadonlySet<Room>): Promise<Set<SocketId>> {
    const ids = new Set<SocketId>();
    this.apply({ rooms }, (socket) => ids.add(socket.id));
    return Promise.resolve(ids);
  }

  /** The rooms of socket `id`, if it is known. */
  socketRooms(id: SocketId): Set<Room> | undefined {
    return this.sids.get(id);
  }

  /** The sockets matching `opts`. */
  fetchSockets(opts: BroadcastOptions): Promise<(Socket | SocketDetails)[]> {
    const found: Socket[] = [];
    this.apply(opts, (socket) => found.push(socket));
    return Promise.resolve(found);
  }

  /** Makes the sockets matching `opts` join `rooms`. */
  addSockets(opts: BroadcastOptions, rooms: Room[]): void {
    this.apply(opts, (socket) => void socket.join(rooms));
  }

  /** Makes the sockets matching `opts` leave `rooms`. */
  delSockets(opts: BroadcastOptions, rooms: Room[]): void {
    this.apply(opts, (socket) => {
      for (const room of rooms) void socket.leave(room);
    });
  }

  /** Disconnects the sockets matching `opts` (and their whole connection when `close`). */
  disconnectSockets(opts: BroadcastOptions, close: boolean): void {
    this.apply(opts, (socket) => socket.disconnect(close));
  }

  /** Sends an event to the other servers. In memory there are none. */
  serverSideEmit(args: unknown[]): void {
    log("serverSideEmit(%s): no other server in memory", log.enabled ? String(args[0]) : "");
  }

  /** Keeps a disconnected socket's state (no-op unless recovery is on). */
  persistSession(_session: Session): Promise<void> | void {}

  /** Finds a session and its missed events (null unless recovery is on). */
  restoreSession(_pid: string, _offset: string): Promise<RestoredSession | null> {
    return Promise.resolve(null);
  }

  /** Calls `fn` for each local socket matching `opts`, each once. */
  apply(opts: BroadcastOptions, fn: (socket: Socket) => void): void {
    const rooms = toSet(opts.rooms);
    const except = this.#exceptIds(toSet(opts.except));
    const sockets = this.nsp.sockets;
    if (rooms.size === 0) {
      for (const id of this.sids.keys()) {
        if (except.has(id)) continue;
        const socket = sockets.get(id);
        if (socket) fn(socket);
      }
      return;
    }
    // A socket in several target rooms must receive the packet once.
    const seen = rooms.size > 1 ? new Set<SocketId>() : undefined;
    for (const room of rooms) {
      const members = this.rooms.get(room);
      if (!members) continue;
      for (const id of members) {
        if (except.has(id) || seen?.has(id)) continue;
        const socket = sockets.get(id);
        if (!socket) continue;
        seen?.add(id);
        fn(socket);
      }
    }
  }

  #exceptIds(exceptRooms: ReadonlySet<Room>): ReadonlySet<SocketId> {
    if (exceptRooms.size === 0) return EMPTY;
    const ids = new Set<SocketId>();
    for (const room of exceptRooms) {
      const members = this.rooms.get(room);
      if (members) for (const id of members) ids.add(id);
    }
    return ids;
  }
}


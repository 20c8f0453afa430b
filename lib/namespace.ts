/**
 * A namespace: its sockets, its adapter (rooms), its connection middlewares,
 * and the broadcast shortcuts (emit, to, except, …).
 */
import { createLog } from "./log.js";
import type { DefaultEventsMap, EventsMap, EventNames, EventParams } from "./protocol/typed-events.js";
import type { AckResult, ArgsWithoutAck, DecorateAcknowledgements, DecorateAcknowledgementsWithMultipleResponses, EventNamesWithAck } from "./typed-events.js";
import { BroadcastOperator } from "./broadcast.js";
import { GuardedEmitter } from "./listener-guard.js";
import type { RemoteSocket } from "./remote-socket.js";
import { Socket } from "./socket.js";
import { BROADCAST_ACK_ID_BASE } from "./broadcast-acks.js";
import type { Adapter, Room, SocketId } from "./adapter.js";
import type { Connection } from "./connection.js";
import type { Server } from "./server.js";
import { reportAdapterRejection, settleAdapterCall, toError, type AdapterNamespaceView } from "./adapter-contract.js";

const log = createLog("volley:namespace");

/** Names a namespace's own serverSideEmit may not use. */
const SERVER_SIDE_RESERVED_EVENTS: ReadonlySet<string> = new Set(["connect", "connection", "new_namespace"]);

/** An error a connection middleware refuses with; `data` reaches the client too. */
export interface ExtendedError extends Error {
  data?: unknown;
}

/** Connection middleware: `next()` accepts, `next(err)` refuses with CONNECT_ERROR `{message, data}`. */
export type NamespaceMiddleware<Socket_> = (socket: Socket_, next: (err?: ExtendedError) => void) => void;

/** Events a Namespace emits. */
export interface NamespaceReservedEvents<L extends EventsMap, E extends EventsMap, S extends EventsMap, D> {
  connect: (socket: Socket<L, E, S, D>) => void;
  connection: (socket: Socket<L, E, S, D>) => void;
  /** On the main namespace: a namespace was created. */
  new_namespace: (nsp: Namespace<L, E, S, D>) => void;
  /** A fire-and-forget call of the adapter failed (e.g. a cluster adapter could not publish a broadcast). */
  error: (err: Error) => void;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function";
}

/** A middleware threw or rejected: refuses the connection, unless it had already called next (then only logged). */
function onMiddlewareFailure(nsp: string, err: unknown, alreadyCalledNext: boolean, next: (err?: ExtendedError) => void): void {
  log("middleware of %s failed: %O", nsp, err);
  if (alreadyCalledNext) return;
  next(err instanceof Error ? err : new Error(String(err)));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => void;

/**
 * A namespace (`io.of("/admin")`).
 *
 * @example
 * const admin = io.of("/admin");
 * admin.use((socket, next) => (socket.handshake.auth.token ? next() : next(new Error("unauthorized"))));
 * admin.on("connection", (socket) => admin.emit("joined", socket.id));
 */
export class Namespace<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  SocketData = any,
>
  extends GuardedEmitter<ServerSideEvents, NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, EmitEvents>
  implements AdapterNamespaceView
{
  readonly name: string;
  readonly server: Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;
  /** Connected sockets by id. */
  readonly sockets = new Map<SocketId, Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>();
  adapter!: Adapter;
  /** @internal */
  _fns: NamespaceMiddleware<Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>[] = [];
  #broadcastAckId = BROADCAST_ACK_ID_BASE;

  constructor(server: Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, name: string) {
    super();
    this.server = server;
    this.name = name;
    this._initAdapter();
  }

  /**
   * "connect" / "connection" listeners run on behalf of one client's CONNECT:
   * guarded like the socket's own listeners, so a bug in one does not close
   * that connection with "transport error" (nor crash the process on a
   * rejection). Other events (server-side emits, new_namespace) are the app's
   * own calls and keep throwing to their caller.
   */
  protected override isGuardedEvent(event: string | symbol): boolean {
    return event === "connection" || event === "connect";
  }

  /** @internal A connection listener failed: reported on the socket it was called with. */
  onListenerError(event: string | symbol, err: unknown, args: readonly unknown[]): void {
    (args[0] as Socket).onListenerError(event, err);
  }

  /** @internal (Re)creates the adapter from the server's adapter class. */
  _initAdapter(): void {
    // The adapter being replaced may hold timers (the recovery store's sweep): stop them.
    const previous = this.adapter as Adapter | undefined;
    if (previous) Promise.resolve().then(() => previous.close()).catch((err: unknown) => log("adapter close of %s failed: %s", this.name, err));
    const AdapterClass = this.server.adapter();
    this.adapter = new AdapterClass(this);
    Promise.resolve(this.adapter.init()).catch((err: unknown) => log("adapter init of %s failed: %s", this.name, err));
  }

  /** @internal Next id for a broadcast with ack (one id shared by every recipient). */
  nextBroadcastAckId(): number {
    const id = this.#broadcastAckId;
    this._ids = id + 1;
    return id;
  }

  /**
   * @internal socket.io's broadcast ack counter: socket.io-adapter's
   * `broadcastWithAck` does `packet.id = nsp._ids++`. The same counter as
   * {@link Namespace.nextBroadcastAckId}, so ids stay in the broadcast range.
   */
  get _ids(): number {
    return this.#broadcastAckId;
  }

  set _ids(next: number) {
    this.#broadcastAckId = next > Number.MAX_SAFE_INTEGER || !(next >= BROADCAST_ACK_ID_BASE) ? BROADCAST_ACK_ID_BASE : next;
  }

  /**
   * @internal A fire-and-forget adapter call failed: logged, and emitted as
   * "error" on this namespace when someone listens (a listener that throws is
   * only logged). Never an uncaught exception.
   */
  _onAdapterError(operation: string, err: Error): void {
    log("adapter %s of %s failed: %s", operation, this.name, err.message);
    if (this.listenerCount("error") === 0) return;
    try {
      this.emitReserved("error", err);
    } catch (listenerErr) {
      log("an error listener of %s threw: %O", this.name, listenerErr);
    }
  }

  /** Adds a connection middleware. */
  use(fn: NamespaceMiddleware<Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>): this {
    this._fns.push(fn);
    return this;
  }

  /**
   * @internal Creates the socket of `client` (restoring its session when it
   * asks for one), runs the middlewares, then connects it; `done(socket)` or
   * `done(undefined)` when refused.
   */
  async _add(client: Connection, auth: Record<string, unknown>, done: (socket?: Socket) => void): Promise<void> {
    const socket = await this.#createSocket(client, auth);
    const recovery = this.server.opts.connectionStateRecovery;
    if (recovery?.skipMiddlewares && socket.recovered && client.state === "open") {
      this.#doConnect(socket, done);
      return;
    }
    this.#run(socket, (err) => {
      if (client.state !== "open") {
        socket._cleanup();
        done(undefined);
        return;
      }
      if (err) {
        socket._cleanup();
        socket._error({ message: err.message, data: err.data });
        done(undefined);
        return;
      }
      this.#doConnect(socket, done);
    });
  }

  async #createSocket(client: Connection, auth: Record<string, unknown>): Promise<Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>> {
    const { pid, offset } = auth;
    if (this.server.opts.connectionStateRecovery && typeof pid === "string" && typeof offset === "string") {
      try {
        const session = await this.adapter.restoreSession(pid, offset);
        if (session) return new Socket(this, client, auth, session);
      } catch (err) {
        log("restoring session of %s failed: %s", this.name, err);
      }
    }
    return new Socket(this, client, auth);
  }

  #run(socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, fn: (err?: ExtendedError) => void): void {
    const fns = this._fns.slice();
    if (fns.length === 0) return fn();
    const step = (i: number): void => {
      let called = false;
      const next = (err?: ExtendedError): void => {
        if (called) return;
        called = true;
        if (err) fn(err);
        else if (i + 1 < fns.length) step(i + 1);
        else fn();
      };
      // A middleware that throws, or returns a promise that rejects, refuses the
      // connection like next(err) would: the client gets CONNECT_ERROR, the process
      // does not see an unhandled rejection.
      try {
        const result: unknown = (fns[i] as (typeof fns)[number])(socket, next);
        if (isPromiseLike(result)) result.then(undefined, (err: unknown) => onMiddlewareFailure(this.name, err, called, next));
      } catch (err) {
        onMiddlewareFailure(this.name, err, called, next);
      }
    };
    step(0);
  }

  #doConnect(socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, done: (socket?: Socket) => void): void {
    this.sockets.set(socket.id, socket);
    // Internal bookkeeping first, so a listener that disconnects right away sees a consistent state.
    socket._onconnect();
    done(socket as unknown as Socket);
    this.emitReserved("connect", socket);
    this.emitReserved("connection", socket);
  }

  /** @internal */
  _remove(socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): void {
    if (this.sockets.get(socket.id) === socket) this.sockets.delete(socket.id);
  }

  /** Emits to every socket of the namespace. */
  override emit<Ev extends EventNames<EmitEvents>>(ev: Ev, ...args: EventParams<EmitEvents, Ev>): boolean {
    return new BroadcastOperator<EmitEvents, SocketData>(this.adapter).emit(ev, ...args);
  }

  /** Emits "message". */
  send(...args: unknown[]): this {
    (this.emit as AnyFn)("message", ...args);
    return this;
  }

  /** Alias of {@link Namespace.send}. */
  write(...args: unknown[]): this {
    return this.send(...args);
  }

  to(room: Room | Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator<EmitEvents, SocketData>(this.adapter).to(room);
  }

  in(room: Room | Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return this.to(room);
  }

  except(room: Room | Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator<EmitEvents, SocketData>(this.adapter).except(room);
  }

  compress(compress: boolean): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator<EmitEvents, SocketData>(this.adapter).compress(compress);
  }

  get volatile(): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator<EmitEvents, SocketData>(this.adapter).volatile;
  }

  get local(): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator<EmitEvents, SocketData>(this.adapter).local;
  }

  timeout(timeout: number): BroadcastOperator<DecorateAcknowledgements<DecorateAcknowledgementsWithMultipleResponses<EmitEvents>>, SocketData> {
    return new BroadcastOperator<DecorateAcknowledgementsWithMultipleResponses<EmitEvents>, SocketData>(this.adapter).timeout(timeout);
  }

  fetchSockets(): Promise<RemoteSocket<EmitEvents, SocketData>[]> {
    return new BroadcastOperator<EmitEvents, SocketData>(this.adapter).fetchSockets();
  }

  socketsJoin(room: Room | Room[]): void {
    new BroadcastOperator(this.adapter).socketsJoin(room);
  }

  socketsLeave(room: Room | Room[]): void {
    new BroadcastOperator(this.adapter).socketsLeave(room);
  }

  disconnectSockets(close = false): void {
    new BroadcastOperator(this.adapter).disconnectSockets(close);
  }

  allSockets(): Promise<Set<SocketId>> {
    return new BroadcastOperator(this.adapter).allSockets();
  }

  /**
   * Emits to the other servers of a cluster (a no-op in memory). Throws on
   * reserved names. With an ack, a failing adapter gives the ack an error.
   */
  serverSideEmit<Ev extends EventNames<ServerSideEvents>>(ev: Ev, ...args: EventParams<ServerSideEvents, Ev>): boolean {
    if (typeof ev === "string" && SERVER_SIDE_RESERVED_EVENTS.has(ev)) throw new Error(`"${ev}" is a reserved event name`);
    const data: unknown[] = [ev, ...args];
    const last = data[data.length - 1];
    if (typeof last === "function") {
      // In memory there is no other server: the ack gets every answer, i.e. none, once the count is known.
      data.pop();
      let answered = false;
      // The ack is called once: with the answers, or with the adapter's error.
      const answer = (err: Error | null, responses: unknown[]): void => {
        if (answered) return;
        answered = true;
        (last as AnyFn)(err, responses);
      };
      const fail = (err: unknown): void => answer(toError(err), []);
      Promise.resolve()
        .then(() => this.adapter.serverCount())
        .then((count) => {
          if (count <= 1) answer(null, []);
          else settleAdapterCall(this.adapter.serverSideEmit([...data, answer]), fail);
        })
        .catch((err: unknown) => {
          if (answered) log("a serverSideEmit ack of %s threw: %O", this.name, err);
          else fail(err);
        });
      return true;
    }
    reportAdapterRejection(this.adapter.serverSideEmit(data), this, "serverSideEmit");
    return true;
  }

  /** Like serverSideEmit, resolving with the other servers' answers. */
  serverSideEmitWithAck<Ev extends EventNamesWithAck<ServerSideEvents>>(
    ev: Ev,
    ...args: ArgsWithoutAck<ServerSideEvents, Ev>
  ): Promise<AckResult<ServerSideEvents, Ev>[]> {
    return new Promise((resolve, reject) => {
      const ack = (err: (Error & { responses?: unknown[] }) | null, responses: never) => {
        if (err) {
          err.responses = responses;
          reject(err);
        } else resolve(responses);
      };
      (this.serverSideEmit as AnyFn)(ev, ...args, ack);
    });
  }

  /** @internal Announces a new namespace (emitted on the main namespace). */
  emitNewNamespace(nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): void {
    this.emitReserved("new_namespace", nsp);
  }

  /** @internal An event from another server (adapters call this). */
  _onServerSideEmit(args: [string, ...unknown[]]): void {
    this.emitReserved(...args);
  }
}

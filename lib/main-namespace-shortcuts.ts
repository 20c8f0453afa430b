/**
 * The main namespace's shortcuts on the Server: `io.on("connection")`,
 * `io.emit`, `io.to(room)`, … each forwards to `io.sockets` (the namespace "/"),
 * as socket.io 4 does.
 */
import type { EventsMap, EventNames, EventParams } from "./protocol/typed-events.js";
import type { AckResult, ArgsWithoutAck, DecorateAcknowledgements, DecorateAcknowledgementsWithMultipleResponses, EventNamesWithAck } from "./typed-events.js";
import type { Room, SocketId } from "./adapter.js";
import type { BroadcastOperator } from "./broadcast.js";
import type { Namespace, NamespaceMiddleware, NamespaceReservedEvents } from "./namespace.js";
import type { RemoteSocket } from "./remote-socket.js";
import type { Socket } from "./socket.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => void;
type Listener<L extends EventsMap, E extends EventsMap, S extends EventsMap, D, Ev> = Ev extends keyof NamespaceReservedEvents<L, E, S, D>
  ? NamespaceReservedEvents<L, E, S, D>[Ev]
  : Ev extends keyof S
    ? S[Ev]
    : never;

/**
 * The Server's part that forwards to its main namespace.
 *
 * @example
 * io.on("connection", (socket) => io.to("lobby").emit("joined", socket.id));
 */
export abstract class MainNamespaceShortcuts<ListenEvents extends EventsMap, EmitEvents extends EventsMap, ServerSideEvents extends EventsMap, SocketData> {
  /** The main namespace "/". */
  abstract readonly sockets: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;

  /** Adds a listener on the main namespace ("connection", "connect", server-side events). */
  on<Ev extends keyof NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData> | EventNames<ServerSideEvents>>(
    ev: Ev,
    listener: Listener<ListenEvents, EmitEvents, ServerSideEvents, SocketData, Ev>,
  ): this {
    (this.sockets.on as AnyFn).call(this.sockets, ev, listener);
    return this;
  }

  once<Ev extends keyof NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData> | EventNames<ServerSideEvents>>(
    ev: Ev,
    listener: Listener<ListenEvents, EmitEvents, ServerSideEvents, SocketData, Ev>,
  ): this {
    (this.sockets.once as AnyFn).call(this.sockets, ev, listener);
    return this;
  }

  off(ev?: string, listener?: AnyFn): this {
    (this.sockets.off as AnyFn).call(this.sockets, ev, listener);
    return this;
  }

  removeListener(ev: string, listener: AnyFn): this {
    return this.off(ev, listener);
  }

  removeAllListeners(ev?: string): this {
    return this.off(ev);
  }

  listeners(ev: string): AnyFn[] {
    return (this.sockets.listeners as AnyFn as (ev: string) => AnyFn[]).call(this.sockets, ev);
  }

  /** Adds a connection middleware to the main namespace. */
  use(fn: NamespaceMiddleware<Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>): this {
    this.sockets.use(fn);
    return this;
  }

  emit<Ev extends EventNames<EmitEvents>>(ev: Ev, ...args: EventParams<EmitEvents, Ev>): boolean {
    return this.sockets.emit(ev, ...args);
  }

  send(...args: unknown[]): this {
    this.sockets.send(...args);
    return this;
  }

  write(...args: unknown[]): this {
    return this.send(...args);
  }

  to(room: Room | Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return this.sockets.to(room);
  }

  in(room: Room | Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return this.sockets.in(room);
  }

  except(room: Room | Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return this.sockets.except(room);
  }

  compress(compress: boolean): BroadcastOperator<EmitEvents, SocketData> {
    return this.sockets.compress(compress);
  }

  get volatile(): BroadcastOperator<EmitEvents, SocketData> {
    return this.sockets.volatile;
  }

  get local(): BroadcastOperator<EmitEvents, SocketData> {
    return this.sockets.local;
  }

  timeout(timeout: number): BroadcastOperator<DecorateAcknowledgements<DecorateAcknowledgementsWithMultipleResponses<EmitEvents>>, SocketData> {
    return this.sockets.timeout(timeout);
  }

  fetchSockets(): Promise<RemoteSocket<EmitEvents, SocketData>[]> {
    return this.sockets.fetchSockets();
  }

  socketsJoin(room: Room | Room[]): void {
    this.sockets.socketsJoin(room);
  }

  socketsLeave(room: Room | Room[]): void {
    this.sockets.socketsLeave(room);
  }

  disconnectSockets(close = false): void {
    this.sockets.disconnectSockets(close);
  }

  allSockets(): Promise<Set<SocketId>> {
    return this.sockets.allSockets();
  }

  serverSideEmit<Ev extends EventNames<ServerSideEvents>>(ev: Ev, ...args: EventParams<ServerSideEvents, Ev>): boolean {
    return this.sockets.serverSideEmit(ev, ...args);
  }

  serverSideEmitWithAck<Ev extends EventNamesWithAck<ServerSideEvents>>(
    ev: Ev,
    ...args: ArgsWithoutAck<ServerSideEvents, Ev>
  ): Promise<AckResult<ServerSideEvents, Ev>[]> {
    return this.sockets.serverSideEmitWithAck(ev, ...args);
  }
}

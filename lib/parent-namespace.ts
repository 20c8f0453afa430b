/**
 * Dynamic namespaces: a ParentNamespace stands for every namespace name a
 * RegExp or a function accepts, and creates each child on its first CONNECT.
 */
import { createLog } from "./log.js";
import type { DefaultEventsMap, EventsMap, EventNames, EventParams } from "./protocol/typed-events.js";
import type { Packet } from "./protocol/packet.js";
import { Namespace } from "./namespace.js";
import { Adapter, type BroadcastOptions } from "./adapter.js";
import type { RemoteSocket } from "./remote-socket.js";
import type { Socket } from "./socket.js";
import type { Server } from "./server.js";

const log = createLog("volley:parent-namespace");

/** Decides whether a namespace name belongs to a parent: `next(null, true)` accepts. */
export type ParentNspNameMatchFn = (name: string, auth: Record<string, unknown>, next: (err: Error | null, success: boolean) => void) => void;

let parentCount = 0;

/**
 * What `io.of(/^\/room-\d+$/)` returns. Middlewares and connection listeners
 * added to it apply to every child; `emit` reaches every child.
 *
 * @example
 * io.of(/^\/team-\w+$/).on("connection", (socket) => socket.emit("welcome", socket.nsp.name));
 */
export class ParentNamespace<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  SocketData = any,
> extends Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData> {
  readonly children = new Set<Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>();

  constructor(server: Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData>) {
    super(server, "/_" + parentCount++);
  }

  override _initAdapter(): void {
    this.adapter = new ParentBroadcastAdapter(this as unknown as Namespace);
  }

  override emit<Ev extends EventNames<EmitEvents>>(ev: Ev, ...args: EventParams<EmitEvents, Ev>): boolean {
    for (const nsp of this.children) nsp.emit(ev, ...args);
    return true;
  }

  /** @internal Creates the child namespace `name`, inheriting middlewares and connection listeners. */
  createChild(name: string): Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData> {
    log("creating child namespace %s", name);
    const child = new Namespace(this.server, name);
    for (const fn of this._fns) child.use(fn);
    for (const listener of this.listeners("connect")) child.on("connect", listener);
    for (const listener of this.listeners("connection")) child.on("connection", listener);
    this.children.add(child);
    if (this.server.opts.cleanupEmptyChildNamespaces) {
      const remove = child._remove.bind(child);
      child._remove = (socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>) => {
        remove(socket);
        if (child.sockets.size === 0) {
          log("closing empty child namespace %s", name);
          const adapter = child.adapter;
          Promise.resolve()
            .then(() => adapter.close())
            .catch((err: unknown) => log("adapter close of %s failed: %s", name, err));
          this.server._nsps.delete(child.name);
          this.children.delete(child);
        }
      };
    }
    this.server._nsps.set(name, child);
    this.server.sockets.emitNewNamespace(child);
    return child;
  }

  override fetchSockets(): Promise<RemoteSocket<EmitEvents, SocketData>[]> {
    // With a cluster a child may exist on one server and not on another: no sound answer.
    throw new Error("fetchSockets() is not supported on parent namespaces");
  }
}

/** Broadcasts of a parent namespace go to each child namespace. */
class ParentBroadcastAdapter extends Adapter {
  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    for (const child of (this.nsp as unknown as ParentNamespace).children) child.adapter.broadcast({ ...packet, data: [...(packet.data as unknown[])] }, opts);
  }
}

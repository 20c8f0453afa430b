/**
 * Catch-all listeners (`onAny` / `onAnyOutgoing` and their twins): one list
 * type serves both directions, so add/prepend/remove/copy are written once,
 * and {@link CatchAllEmitter} gives a class both families of methods.
 */
import type { EventsMap } from "./protocol/typed-events.js";
import { callListener, GuardedEmitter, type ListenerErrorSink } from "./listener-guard.js";

/** A listener called with `(event, ...args)` for every event. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CatchAllListener = (event: string, ...args: any[]) => void;

/**
 * An ordered list of catch-all listeners. Sockets create one lazily, on the
 * first `onAny`, so the common socket without catch-all listeners pays nothing.
 *
 * @example
 * const incoming = new CatchAllListeners();
 * incoming.add((event, ...args) => console.log(event, args));
 * incoming.notify(socket, socket, ["chat", "hi"]);
 */
export class CatchAllListeners {
  #list: CatchAllListener[] = [];

  /** Adds `listener` last, or first with `prepend`. */
  add(listener: CatchAllListener, prepend = false): void {
    if (prepend) this.#list.unshift(listener);
    else this.#list.push(listener);
  }

  /** Removes one listener (its first registration), or every listener when none is given. */
  remove(listener?: CatchAllListener): void {
    if (!listener) {
      this.#list = [];
      return;
    }
    const index = this.#list.indexOf(listener);
    if (index !== -1) this.#list.splice(index, 1);
  }

  /** The listeners, in call order (a copy). */
  toArray(): CatchAllListener[] {
    return this.#list.slice();
  }

  /**
   * Calls every listener with `data` (`[event, ...args]`), each guarded: one
   * that throws or rejects is reported to `sink` and the others still run.
   */
  notify(sink: ListenerErrorSink, self: unknown, data: unknown[]): void {
    const list = this.#list;
    if (list.length === 0) return;
    // A copy: a listener may remove itself (or others) while the list runs.
    for (const listener of list.slice()) callListener(sink, data[0] as string, listener, self, data);
  }
}

/**
 * A guarded emitter with catch-all listeners for the events it receives
 * (`onAny`) and for the events it sends (`onAnyOutgoing`). Each list is
 * created on its first listener.
 *
 * @example
 * socket.onAny((event, ...args) => console.log("in", event, args));
 * socket.onAnyOutgoing((event, ...args) => console.log("out", event, args));
 */
export abstract class CatchAllEmitter<
  Listen extends EventsMap = EventsMap,
  Reserved extends EventsMap = EventsMap,
  Emit extends EventsMap = Listen & Reserved,
> extends GuardedEmitter<Listen, Reserved, Emit> {
  #incoming: CatchAllListeners | undefined;
  #outgoing: CatchAllListeners | undefined;

  /** Adds a listener for every incoming event. */
  onAny(listener: CatchAllListener): this {
    (this.#incoming ??= new CatchAllListeners()).add(listener);
    return this;
  }

  /** Like {@link CatchAllEmitter.onAny}, called first. */
  prependAny(listener: CatchAllListener): this {
    (this.#incoming ??= new CatchAllListeners()).add(listener, true);
    return this;
  }

  /** Removes one catch-all listener, or all of them. */
  offAny(listener?: CatchAllListener): this {
    this.#incoming?.remove(listener);
    return this;
  }

  /** The catch-all listeners. */
  listenersAny(): CatchAllListener[] {
    return this.#incoming?.toArray() ?? [];
  }

  /** Adds a listener for every outgoing event (emits and broadcasts reaching this socket). */
  onAnyOutgoing(listener: CatchAllListener): this {
    (this.#outgoing ??= new CatchAllListeners()).add(listener);
    return this;
  }

  /** Like {@link CatchAllEmitter.onAnyOutgoing}, called first. */
  prependAnyOutgoing(listener: CatchAllListener): this {
    (this.#outgoing ??= new CatchAllListeners()).add(listener, true);
    return this;
  }

  /** Removes one outgoing catch-all listener, or all of them. */
  offAnyOutgoing(listener?: CatchAllListener): this {
    this.#outgoing?.remove(listener);
    return this;
  }

  /** The outgoing catch-all listeners. */
  listenersAnyOutgoing(): CatchAllListener[] {
    return this.#outgoing?.toArray() ?? [];
  }

  /** @internal Calls the outgoing catch-all listeners with `[event, ...args]`. */
  notifyOutgoingListeners(data: unknown[]): void {
    this.#outgoing?.notify(this, this, data);
  }

  /** Calls the incoming catch-all listeners with `[event, ...args]`. */
  protected notifyIncomingListeners(data: unknown[]): void {
    this.#incoming?.notify(this, this, data);
  }
}

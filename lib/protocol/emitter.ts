/**
 * The small typed event emitters that server and client use.
 *
 * {@link Emitter} has socket.io-client's emitter API (what the client's
 * classes offer); {@link NodeEmitter} adds the Node EventEmitter methods the
 * server's classes offer, as socket.io's server side is a Node EventEmitter.
 * The browser bundle only carries the first.
 *
 * Unlike Node's EventEmitter, an "error" event without listeners is dropped,
 * never thrown: one client's failure must not crash a process. Listeners are
 * kept in plain arrays, copied on write (adding or removing one makes a new
 * array): an emit runs over the array as it was when it started, without
 * copying it (the server emits per incoming packet), so a listener added or
 * removed during an emit takes effect from the next one.
 *
 * Environment-neutral: no node:* imports.
 */
import type { EventsMap, EventNames } from "./typed-events.js";
import { ListenerTable, type ListenerStore } from "./listener-table.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyListener = (...args: any[]) => unknown;

/**
 * The listener Map of every emitter that has had no listener yet: shared, and always empty (only
 * `on` and `prependListener` add entries, and they first give the emitter its own Map). The
 * server has several emitters per connection, some of which never get a listener.
 */
const NO_LISTENERS: ListenerStore = new Map<string | symbol, AnyListener[]>();

/** Marks a wrapper added by `once`, so `off(ev, original)` can find it. */
interface OnceWrapper extends AnyListener {
  listener: AnyListener;
}

/**
 * A typed event emitter with socket.io-client's emitter API.
 *
 * @typeParam Listen - events this object emits to its listeners (`on`)
 * @typeParam Reserved - library events merged with Listen
 * @typeParam Emit - what the public `emit` takes; a subclass whose `emit`
 *   sends over the network sets it to the events it sends
 *
 * @example
 * const e = new Emitter<{ greet: (name: string) => void }>();
 * e.on("greet", (name) => console.log("hi", name));
 * e.emit("greet", "ada");
 */
export class Emitter<Listen extends EventsMap = EventsMap, Reserved extends EventsMap = EventsMap, Emit extends EventsMap = Listen & Reserved> {
  /**
   * Listeners by event, in call order; an event without listeners has no
   * entry. Each array is replaced, never changed, once an emit may run
   * over it (see the module comment). A Map: any event name
   * ("constructor", "__proto__") is just a key, and it is far smaller per
   * emitter than a prototype-less object (V8 keeps those as dictionaries:
   * about 100 B more per emitter with four events, and the server has
   * several emitters per connection).
   */
  protected _listeners = NO_LISTENERS;

  /** Adds a listener for `event`. */
  on<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    const map = this._ownListeners();
    // concat, not a spread: V8 gives a spread array spare capacity, and these live as long as the emitter
    map.set(event, (map.get(event) || []).concat(listener));
    return this;
  }

  /** The listener store to add to: this emitter's own (made with its first listener). */
  protected _ownListeners(): ListenerStore {
    return this._listeners === NO_LISTENERS ? (this._listeners = new Map()) : this._listeners;
  }

  /** Adds a listener that is removed after its first call. */
  once<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    const wrapper = ((...args: unknown[]) => {
      this.off(event, wrapper as never);
      return listener.apply(this, args);
    }) as OnceWrapper;
    wrapper.listener = listener;
    return this.on(event, wrapper as (Listen & Reserved)[Ev]);
  }

  /** Removes one listener (the last one registered, if it was added twice), or every listener of `event` when none is given. */
  off<Ev extends EventNames<Listen & Reserved>>(event?: Ev, listener?: (Listen & Reserved)[Ev]): this {
    const map = this._listeners;
    const list = map.get(event!) || [];
    // the index of the listener's last registration (-1: none)
    let i = list.length;
    while (i-- && list[i] !== listener && (list[i] as OnceWrapper).listener !== listener);
    // a new array (copy on write); without a listener, none is kept
    const rest = list.filter((_, j) => listener !== undefined && j !== i);
    if (event === undefined) map.clear();
    else if (rest.length) map.set(event, rest);
    else map.delete(event);
    return this;
  }

  /** Alias of {@link Emitter.off} with a listener. */
  removeListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    return this.off(event, listener);
  }

  /** Removes every listener of `event`, or of every event. */
  removeAllListeners<Ev extends EventNames<Listen & Reserved>>(event?: Ev): this {
    return this.off(event);
  }

  /**
   * Calls every listener of `event` with `args`, in order.
   * @returns whether any listener was registered
   */
  emit<Ev extends EventNames<Emit>>(event: Ev, ...args: Parameters<Emit[Ev]>): boolean;
  emit(event: string | symbol, ...args: unknown[]): boolean {
    return this.emitReserved(event, ...args);
  }

  /**
   * Calls listeners without the type checks of `emit`; subclasses whose
   * public `emit` sends over the network use this for local events.
   */
  protected emitReserved(event: string | symbol, ...args: unknown[]): boolean {
    const list = this._listeners.get(event);
    if (!list) return false;
    // (no copy: see the module comment)
    for (const listener of list) listener.apply(this, args);
    return true;
  }

  /** The listeners of `event`, in call order (a copy). */
  listeners<Ev extends EventNames<Listen & Reserved>>(event: Ev): (Listen & Reserved)[Ev][] {
    return (this._listeners.get(event) || []).map((l) => (l as OnceWrapper).listener ?? l) as (Listen & Reserved)[Ev][];
  }

  /** Whether `event` has at least one listener. */
  hasListeners<Ev extends EventNames<Listen & Reserved>>(event: Ev): boolean {
    return this._listeners.has(event);
  }
}

/**
 * An {@link Emitter} with the extra methods of Node's EventEmitter, for the
 * server's classes (socket.io's server side is a Node EventEmitter).
 *
 * @example
 * const e = new NodeEmitter<{ tick: (n: number) => void }>();
 * e.on("tick", (n) => console.log("second", n));
 * e.prependListener("tick", (n) => console.log("first", n));
 * e.listenerCount("tick"); // 2
 */
export class NodeEmitter<
  Listen extends EventsMap = EventsMap,
  Reserved extends EventsMap = EventsMap,
  Emit extends EventsMap = Listen & Reserved,
> extends Emitter<Listen, Reserved, Emit> {
  /** A ListenerTable instead of a Map: a server emitter with listeners is often one per connection (lib/protocol/listener-table.ts). */
  protected override _ownListeners(): ListenerStore {
    return this._listeners === NO_LISTENERS ? (this._listeners = new ListenerTable()) : this._listeners;
  }

  /** Alias of {@link Emitter.on}. */
  addListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    return this.on(event, listener);
  }

  /** Adds a listener that runs before the ones already registered. */
  prependListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    const map = this._ownListeners();
    map.set(event, [listener as AnyListener].concat(map.get(event) || []));
    return this;
  }

  /** Like {@link Emitter.once}, but runs before the listeners already registered. */
  prependOnceListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    // once() appends one wrapper (through `on`, as every listener is added): move it to the front
    // (in place: `on` has just made this array, no emit runs over it yet)
    const list = this.once(event, listener)._listeners.get(event)!;
    list.unshift(list.pop()!);
    return this;
  }

  /** How many listeners `event` has. */
  listenerCount<Ev extends EventNames<Listen & Reserved>>(event: Ev): number {
    return this._listeners.get(event)?.length ?? 0;
  }

  /** Names of events that have listeners. */
  eventNames(): (string | symbol)[] {
    return [...this._listeners.keys()];
  }
}

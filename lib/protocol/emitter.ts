/**
 * The one small typed event emitter that server and client both use.
 *
 * Unlike Node's EventEmitter, an "error" event without listeners is dropped,
 * never thrown: one client's failure must not crash a process. Listeners are
 * kept in plain arrays; emit copies the array only when more than one listener
 * is registered, so the common single-listener case allocates nothing.
 *
 * Environment-neutral: no node:* imports.
 */
import type { EventsMap, EventNames } from "./typed-events.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyListener = (...args: any[]) => unknown;

/** Marks a wrapper added by `once`, so `off(ev, original)` can find it. */
interface OnceWrapper extends AnyListener {
  listener: AnyListener;
}

/**
 * A typed event emitter.
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
  #listeners: Map<string | symbol, AnyListener[]> = new Map();

  /** Adds a listener for `event`. */
  on<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    const list = this.#listeners.get(event);
    if (list) list.push(listener);
    else this.#listeners.set(event, [listener]);
    return this;
  }

  /** Alias of {@link Emitter.on}. */
  addListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    return this.on(event, listener);
  }

  /** Adds a listener that runs before the ones already registered. */
  prependListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    const list = this.#listeners.get(event);
    if (list) list.unshift(listener);
    else this.#listeners.set(event, [listener]);
    return this;
  }

  /** Adds a listener that is removed after its first call. */
  once<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    return this.on(event, this.#wrapOnce(event, listener) as (Listen & Reserved)[Ev]);
  }

  /** Like {@link Emitter.once}, but runs before the listeners already registered. */
  prependOnceListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    return this.prependListener(event, this.#wrapOnce(event, listener) as (Listen & Reserved)[Ev]);
  }

  /** Removes one listener (the last one registered, if it was added twice), or every listener of `event` when none is given. */
  off<Ev extends EventNames<Listen & Reserved>>(event?: Ev, listener?: (Listen & Reserved)[Ev]): this {
    if (event === undefined) {
      this.#listeners.clear();
      return this;
    }
    if (listener === undefined) {
      this.#listeners.delete(event);
      return this;
    }
    const list = this.#listeners.get(event);
    if (!list) return this;
    for (let i = list.length - 1; i >= 0; i--) {
      const candidate = list[i] as AnyListener | OnceWrapper;
      if (candidate === listener || (candidate as OnceWrapper).listener === listener) {
        list.splice(i, 1);
        break;
      }
    }
    if (list.length === 0) this.#listeners.delete(event);
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
    const list = this.#listeners.get(event);
    if (!list) return false;
    if (list.length === 1) {
      (list[0] as AnyListener).apply(this, args);
      return true;
    }
    const snapshot = list.slice();
    for (let i = 0; i < snapshot.length; i++) (snapshot[i] as AnyListener).apply(this, args);
    return true;
  }

  /** The listeners of `event`, in call order (a copy). */
  listeners<Ev extends EventNames<Listen & Reserved>>(event: Ev): (Listen & Reserved)[Ev][] {
    const list = this.#listeners.get(event);
    if (!list) return [];
    return list.map((l) => (l as OnceWrapper).listener ?? l) as (Listen & Reserved)[Ev][];
  }

  /** How many listeners `event` has. */
  listenerCount<Ev extends EventNames<Listen & Reserved>>(event: Ev): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /** Whether `event` has at least one listener. */
  hasListeners<Ev extends EventNames<Listen & Reserved>>(event: Ev): boolean {
    return this.#listeners.has(event);
  }

  /** Names of events that have listeners. */
  eventNames(): (string | symbol)[] {
    return [...this.#listeners.keys()];
  }

  #wrapOnce(event: string | symbol, listener: AnyListener): OnceWrapper {
    const wrapper = ((...args: unknown[]) => {
      this.off(event as EventNames<Listen & Reserved>, wrapper as never);
      return listener.apply(this, args);
    }) as OnceWrapper;
    wrapper.listener = listener;
    return wrapper;
  }
}

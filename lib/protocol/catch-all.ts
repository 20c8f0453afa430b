/**
 * Catch-all listeners (`onAny` / `onAnyOutgoing` and their twins), written
 * once for the server Socket and the client Socket: the list handling and the
 * method family both live here. Environment-neutral.
 *
 * The two sides differ only in how one listener is called: the server guards
 * it (a throw or rejection becomes the socket's "error", the other listeners
 * still run), the client calls it plainly (a throw surfaces on the page, as in
 * socket.io-client, and client/guarded.ts keeps the receive loop going). That
 * difference is the {@link CatchAllInvoker} handed to {@link withCatchAll}.
 */

/** A listener called with `(event, ...args)` for every event. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- listeners receive untyped wire arguments
export type CatchAllListener = (event: string, ...args: any[]) => void;

/** Calls one catch-all listener with `data` (`[event, ...args]`) on behalf of `self`. */
export type CatchAllInvoker = (listener: CatchAllListener, self: unknown, data: unknown[]) => void;

/**
 * The list without `listener`'s first registration, or an empty list when no
 * listener is given: `offAny(fn)` / `offAny()`. Lists are copied on write
 * (never changed in place), so a notify runs over the list as it was when it
 * started without copying it, even if a listener removes itself (or others).
 *
 * @example
 * this.#incoming = removeCatchAll(this.#incoming, listener);
 */
export function removeCatchAll(list: readonly CatchAllListener[], listener?: CatchAllListener): readonly CatchAllListener[] {
  // (no listener: every entry fails the test)
  return list.filter((_, i) => listener && i !== list.indexOf(listener));
}

/**
 * The list of a socket without catch-all listeners: shared (lists are copied
 * on write, so it is never changed), so a socket allocates nothing until its
 * first catch-all listener; the server keeps one socket per connection.
 */
const NONE: readonly CatchAllListener[] = [];

/**
 * The catch-all methods {@link withCatchAll} adds, with socket.io 4's names
 * and semantics on both sides.
 */
export interface CatchAllMethods {
  /** Adds a listener called with `(event, ...args)` for every incoming event. */
  onAny(listener: CatchAllListener): this;
  /** Like `onAny`, called before the listeners already added. */
  prependAny(listener: CatchAllListener): this;
  /** Removes one catch-all listener, or all of them when none is given. */
  offAny(listener?: CatchAllListener): this;
  /** The catch-all listeners, in call order. */
  listenersAny(): CatchAllListener[];
  /** Adds a listener called with `(event, ...args)` for every outgoing event. */
  onAnyOutgoing(listener: CatchAllListener): this;
  /** Like `onAnyOutgoing`, called before the listeners already added. */
  prependAnyOutgoing(listener: CatchAllListener): this;
  /** Removes one outgoing catch-all listener, or all of them when none is given. */
  offAnyOutgoing(listener?: CatchAllListener): this;
  /** The outgoing catch-all listeners, in call order. */
  listenersAnyOutgoing(): CatchAllListener[];
  /** @internal Calls the incoming catch-all listeners with `[event, ...args]`. */
  _notifyAny(data: unknown[]): void;
  /** @internal Calls the outgoing catch-all listeners with `[event, ...args]`. */
  _notifyAnyOutgoing(data: unknown[]): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mixin pattern requires any[] constructor arguments
type AbstractConstructor<T = object> = abstract new (...args: any[]) => T;

/**
 * Extends `Base` with {@link CatchAllMethods}. `invoke` calls one listener
 * (without it: a plain call, a throw propagates). Callers cast the result to
 * keep their base class's type parameters.
 *
 * @example
 * const Base = withCatchAll(Emitter) as unknown as new <L extends EventsMap>() => Emitter<L> & CatchAllMethods;
 * class Socket<L extends EventsMap> extends Base<L> {}
 * new Socket().onAny((event, ...args) => console.log(event, args));
 */
export function withCatchAll<TBase extends AbstractConstructor>(
  Base: TBase,
  invoke?: CatchAllInvoker,
): TBase & AbstractConstructor<CatchAllMethods> {
  abstract class CatchAll extends Base implements CatchAllMethods {
    // Copied on write (see removeCatchAll): notifying needs no copy. concat, not a
    // spread: V8 gives spread arrays spare capacity, and these live as long as the socket.
    #incoming = NONE;
    #outgoing = NONE;

    onAny(listener: CatchAllListener): this {
      this.#incoming = this.#incoming.concat(listener);
      return this;
    }

    prependAny(listener: CatchAllListener): this {
      this.#incoming = [listener].concat(this.#incoming);
      return this;
    }

    offAny(listener?: CatchAllListener): this {
      this.#incoming = removeCatchAll(this.#incoming, listener);
      return this;
    }

    listenersAny(): CatchAllListener[] {
      return this.#incoming.slice();
    }

    onAnyOutgoing(listener: CatchAllListener): this {
      this.#outgoing = this.#outgoing.concat(listener);
      return this;
    }

    prependAnyOutgoing(listener: CatchAllListener): this {
      this.#outgoing = [listener].concat(this.#outgoing);
      return this;
    }

    offAnyOutgoing(listener?: CatchAllListener): this {
      this.#outgoing = removeCatchAll(this.#outgoing, listener);
      return this;
    }

    listenersAnyOutgoing(): CatchAllListener[] {
      return this.#outgoing.slice();
    }

    _notifyAny(data: unknown[]): void {
      for (const listener of this.#incoming) {
        if (invoke) invoke(listener, this, data);
        else listener.apply(this, data as [string]);
      }
    }

    _notifyAnyOutgoing(data: unknown[]): void {
      for (const listener of this.#outgoing) {
        if (invoke) invoke(listener, this, data);
        else listener.apply(this, data as [string]);
      }
    }
  }
  return CatchAll;
}

/**
 * App listeners on a server Socket (and a namespace's "connection" listeners)
 * run on behalf of a client's packet; a bug in one (a synchronous throw, a
 * rejected promise) must not close the connection with a misleading reason,
 * stop the other listeners of a disconnect, or (for a rejection) crash the
 * process through "unhandledRejection". The guard catches both and hands the
 * error to a sink (the socket), which logs it and emits "error" on itself.
 */
import { NodeEmitter } from "./protocol/emitter.js";
import type { EventNames, EventsMap } from "./protocol/typed-events.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => unknown;

/** Where a guarded listener reports what it caught. */
export interface ListenerErrorSink {
  /** A listener of `event`, called with `args`, threw or rejected with `err`. */
  onListenerError(event: string | symbol, err: unknown, args: readonly unknown[]): void;
}

/** A once-wrapper; `listener` is the app's function, so `off(event, fn)` and `listeners()` still see it. */
interface GuardedListener extends AnyFn {
  listener: AnyFn;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function";
}

function callGuarded(sink: ListenerErrorSink, event: string | symbol, listener: AnyFn, self: unknown, args: unknown[]): unknown {
  let result: unknown;
  try {
    // Reflect.apply, not listener.apply: this one site calls every kind of listener (arrow,
    // async, bound functions...), and looking `apply` up on all their shapes left V8 a slow lookup
    result = Reflect.apply(listener, self, args);
  } catch (err) {
    sink.onListenerError(event, err, args);
    return undefined;
  }
  // Only async listeners pay for the rejection handler.
  if (isThenable(result)) result.then(undefined, (err: unknown) => sink.onListenerError(event, err, args));
  return result;
}

/**
 * Calls `fn` (a catch-all listener or a middleware) with the same protection.
 *
 * @example
 * callListener(socket, "chat", anyListener, socket, ["chat", "hi"]);
 */
export function callListener(sink: ListenerErrorSink, event: string | symbol, fn: AnyFn, self: unknown, args: unknown[]): void {
  callGuarded(sink, event, fn, self, args);
}

/**
 * A listener removed from `emitter` before its first call, unguarded itself: {@link GuardedEmitter}
 * guards it when it is called, like any other listener.
 */
function onceListener(emitter: { off(event: string | symbol, listener: AnyFn): unknown }, event: string | symbol, listener: AnyFn): GuardedListener {
  const once = function (this: unknown, ...args: unknown[]): unknown {
    emitter.off(event, listener);
    return listener.apply(this, args);
  } as GuardedListener;
  once.listener = listener;
  return once;
}

/**
 * A NodeEmitter whose listeners are guarded when they are called, for the
 * events {@link GuardedEmitter.isGuardedEvent} names; what a guarded listener
 * throws or rejects goes to `onListenerError`. Listeners are stored as given
 * (no wrapper per listener, so a socket's listeners cost no closures), and
 * `emitReserved` calls each one inside the guard.
 *
 * @example
 * class Room extends GuardedEmitter<{ chat: (text: string) => void }> {
 *   onListenerError(event: string | symbol, err: unknown): void {
 *     console.error("a listener of", event, "failed", err);
 *   }
 * }
 */
export abstract class GuardedEmitter<
    Listen extends EventsMap = EventsMap,
    Reserved extends EventsMap = EventsMap,
    Emit extends EventsMap = Listen & Reserved,
  >
  extends NodeEmitter<Listen, Reserved, Emit>
  implements ListenerErrorSink
{
  abstract onListenerError(event: string | symbol, err: unknown, args: readonly unknown[]): void;

  /** Whether listeners of `event` are guarded; every event unless a subclass narrows it. */
  protected isGuardedEvent(_event: string | symbol): boolean {
    return true;
  }

  protected override emitReserved(event: string | symbol, ...args: unknown[]): boolean {
    const list = this._listeners.get(event);
    if (!list) return false;
    this.#callAll(event, list, args);
    return true;
  }

  /**
   * emitReserved for an event whose name and arguments come in one array, `[event, ...args]`
   * (an EVENT packet's data): the array itself becomes the listeners' arguments (its first
   * element is removed), rather than being spread into a call and gathered again into a rest
   * parameter, an array per incoming event. Does nothing to `data` when no listener is registered.
   */
  protected emitData(data: unknown[]): boolean {
    const event = data[0] as string;
    const list = this._listeners.get(event);
    if (!list) return false;
    data.shift();
    this.#callAll(event, list, data);
    return true;
  }

  /** Calls each listener of `event` with `args`, guarded unless the event is not. */
  #callAll(event: string | symbol, list: readonly AnyFn[], args: unknown[]): void {
    if (!this.isGuardedEvent(event)) {
      for (const listener of list) listener.apply(this, args);
      return;
    }
    // (no copy: see lib/protocol/emitter.ts)
    for (const listener of list) callGuarded(this, event, listener, this, args);
  }

  // The once forms register through super.on: Emitter's own once-wrapper calls `off` with
  // itself, which would not find a listener registered for the app's function.
  override once<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    return super.on(event, onceListener(this as never, event, listener as AnyFn) as never);
  }

  override prependOnceListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    return super.prependListener(event, onceListener(this as never, event, listener as AnyFn) as never);
  }
}

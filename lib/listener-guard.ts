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

/** A guarded listener; `listener` is the app's function, so `off(event, fn)` and `listeners()` still see it. */
export interface GuardedListener extends AnyFn {
  listener: AnyFn;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function";
}

function callGuarded(sink: ListenerErrorSink, event: string | symbol, listener: AnyFn, self: unknown, args: unknown[]): unknown {
  let result: unknown;
  try {
    result = listener.apply(self, args);
  } catch (err) {
    sink.onListenerError(event, err, args);
    return undefined;
  }
  // Only async listeners pay for the rejection handler.
  if (isThenable(result)) result.then(undefined, (err: unknown) => sink.onListenerError(event, err, args));
  return result;
}

/**
 * Wraps `listener` so that a throw or a rejection goes to `sink.onListenerError`.
 *
 * @example
 * super.on("chat", guardListener(socket, "chat", listener));
 */
export function guardListener(sink: ListenerErrorSink, event: string | symbol, listener: AnyFn): GuardedListener {
  const guarded = function (this: unknown, ...args: unknown[]): unknown {
    return callGuarded(sink, event, listener, this, args);
  } as GuardedListener;
  guarded.listener = listener;
  return guarded;
}

/**
 * Like {@link guardListener}, removed from `emitter` before its first call.
 * It removes itself by the app's function, which its `listener` field matches.
 *
 * @example
 * super.on("ready", guardOnceListener(socket, socket, "ready", listener));
 */
export function guardOnceListener(
  sink: ListenerErrorSink,
  emitter: { off(event: string | symbol, listener: AnyFn): unknown },
  event: string | symbol,
  listener: AnyFn,
): GuardedListener {
  const guarded = function (this: unknown, ...args: unknown[]): unknown {
    emitter.off(event, listener);
    return callGuarded(sink, event, listener, this, args);
  } as GuardedListener;
  guarded.listener = listener;
  return guarded;
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
 * A NodeEmitter whose listeners are guarded as they are added (`on`, `once` and
 * the prepend forms), for the events {@link GuardedEmitter.isGuardedEvent}
 * names; what a guarded listener throws goes to `onListenerError`.
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

  override on<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    if (!this.isGuardedEvent(event)) return super.on(event, listener);
    return super.on(event, guardListener(this, event, listener as AnyFn) as never);
  }

  override prependListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    if (!this.isGuardedEvent(event)) return super.prependListener(event, listener);
    return super.prependListener(event, guardListener(this, event, listener as AnyFn) as never);
  }

  // The once forms register through super.on: Emitter's own once-wrapper would hide the app's function from off().
  override once<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    if (!this.isGuardedEvent(event)) return super.once(event, listener);
    return super.on(event, guardOnceListener(this, this as never, event, listener as AnyFn) as never);
  }

  override prependOnceListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this {
    if (!this.isGuardedEvent(event)) return super.prependOnceListener(event, listener);
    return super.prependListener(event, guardOnceListener(this, this as never, event, listener as AnyFn) as never);
  }
}

/**
 * App listeners on a server Socket run on behalf of a client's packet; a bug
 * in one (a synchronous throw, a rejected promise) must not close the
 * connection with a misleading reason, stop the other listeners of a
 * disconnect, or (for a rejection) crash the process through
 * "unhandledRejection". The guard catches both and hands the error to the
 * socket, which logs it and emits "error" on itself.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => unknown;

/** Where a guarded listener reports what it caught. */
export interface ListenerErrorSink {
  /** A listener of `event` threw or rejected with `err`. */
  onListenerError(event: string | symbol, err: unknown): void;
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
    sink.onListenerError(event, err);
    return undefined;
  }
  // Only async listeners pay for the rejection handler.
  if (isThenable(result)) result.then(undefined, (err: unknown) => sink.onListenerError(event, err));
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

/**
 * `socket.use` middlewares: the chain every incoming event passes before the
 * socket's listeners.
 */
import { callListener, type ListenerErrorSink } from "./listener-guard.js";

/** `socket.use` middleware: sees `[event, ...args]` before the listeners. */
export type SocketMiddleware = (event: [string, ...unknown[]], next: (err?: Error) => void) => void;

/**
 * Runs `fns` from `index` on `event`, then `done()`; or `done(err)` at the
 * first `next(err)`. A second call of one `next` is ignored; a middleware that
 * throws or rejects is reported to `sink` (it is app code, like a listener)
 * and the chain stops there.
 *
 * @example
 * runSocketMiddlewares(socket, fns, ["chat", "hi"], 0, (err) => (err ? fail(err) : deliver()));
 */
export function runSocketMiddlewares(
  sink: ListenerErrorSink,
  fns: readonly SocketMiddleware[],
  event: [string, ...unknown[]],
  index: number,
  done: (err?: Error) => void,
): void {
  const fn = fns[index];
  if (!fn) {
    done();
    return;
  }
  let called = false;
  callListener(sink, event[0], fn, sink, [
    event,
    (err?: Error) => {
      if (called) return;
      called = true;
      if (err) done(err);
      else runSocketMiddlewares(sink, fns, event, index + 1, done);
    },
  ]);
}

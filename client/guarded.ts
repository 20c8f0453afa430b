/**
 * Running app code (listeners) from inside the client's own loops.
 * Environment-neutral.
 */

/**
 * Calls `fn.call(self, arg)`. If it throws, the error is rethrown on a fresh
 * stack (where the page or process reports it, as for any listener) and the
 * caller carries on: a throwing listener must not unwind the engine's
 * receive loop or lose the rest of a buffer being replayed.
 *
 * @example
 * for (const args of buffered) callGuarded(this, this.dispatch, args);
 */
export function callGuarded<T, A>(self: T, fn: (this: T, arg: A) => void, arg: A): void {
  try {
    fn.call(self, arg);
  } catch (err) {
    setTimeout(() => {
      throw err;
    });
  }
}

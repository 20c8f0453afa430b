/**
 * Running app code (listeners) from inside the client's own loops.
 * Environment-neutral.
 */

/**
 * Calls `fn`. If it throws, the error is rethrown on a fresh stack (where
 * the page or process reports it, as for any listener) and the caller
 * carries on: a throwing listener must not unwind the engine's receive loop
 * or lose the rest of a buffer being replayed.
 *
 * @example
 * for (const args of buffered) callGuarded(() => this.dispatch(args));
 */
export function callGuarded(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    setTimeout(() => {
      throw err;
    });
  }
}

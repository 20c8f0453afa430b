/**
 * Small promise helpers every spec family uses: wait for an event, sleep,
 * wait for a condition. Each rejects after a generous bound instead of hanging.
 */

/** Anything with `once(event, fn)`: a volley or socket.io emitter, a Node EventEmitter. */
export type Listenable = { once(event: string, fn: (...args: any[]) => void): unknown };

/**
 * Resolves with the arguments of the next `event` on `emitter` (rejects after `ms`).
 *
 * @example
 * const [reason] = await waitFor(socket, "disconnect");
 */
export function waitFor<T extends unknown[] = any[]>(emitter: Listenable, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${event}" (${ms} ms)`)), ms);
    emitter.once(event, (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as T);
    });
  });
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `check()` is true (polling every 10 ms), or rejects after `ms`. */
export async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}

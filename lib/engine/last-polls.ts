/**
 * The polling-close bookkeeping of an engine's close(): a polling session it
 * ended is gone from the registry, but its client's next GET must still find
 * the transport to collect what was left (the last packets and the close
 * packet), and close() waits for those GETs, within bounds.
 */
import type { Polling } from "./transports/polling.js";

/**
 * How long close() waits for polling clients to collect their last packets:
 * a live client polls again within milliseconds; a gone one must not hold
 * the shutdown for its whole heartbeat.
 */
const LAST_POLL_WAIT_MS = 1000;

/**
 * Polling transports of sessions close() ended, by sid, until their client's
 * last GET collected what was left.
 *
 * @example
 * const waits = [lastPolls.keep(socket.id, polling)];
 * lastPolls.get(sid)?.onRequest(req, res); // a GET of that session
 * await waitForLastPolls(waits, closeTimeout);
 */
export class LastPolls {
  readonly #transports = new Map<string, Polling>();

  /** Keeps `transport` for the GETs of `sid`; the promise resolves (and it is forgotten) once its close completed. */
  keep(sid: string, transport: Polling): Promise<void> {
    this.#transports.set(sid, transport);
    return transport.whenClosed().then(() => void this.#transports.delete(sid));
  }

  /** The transport of the ended session `sid`, while its last GET has not come. */
  get(sid: string): Polling | undefined {
    return this.#transports.get(sid);
  }
}

/**
 * Resolves once every one of `lastPolls` did, or after LAST_POLL_WAIT_MS
 * (`closeTimeout` if shorter), whichever comes first.
 *
 * @example
 * await waitForLastPolls([lastPolls.keep(sid, polling)], 45000);
 */
export function waitForLastPolls(lastPolls: Promise<void>[], closeTimeout: number): Promise<void> {
  if (lastPolls.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.min(LAST_POLL_WAIT_MS, closeTimeout));
    void Promise.all(lastPolls).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

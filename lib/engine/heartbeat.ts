/**
 * The server-driven heartbeat of one session (Engine.IO v4): a ping every
 * pingInterval, and the session ends when no pong comes within pingTimeout.
 * Its own module so the session keeps only the protocol decisions.
 */

/** What the heartbeat asks of its session. */
export interface HeartbeatOwner {
  /** Time to send a ping packet. */
  heartbeatPing(): void;
  /** No pong (nor any other traffic, see {@link Heartbeat.onTraffic}) within pingTimeout. */
  heartbeatTimedOut(): void;
}

/**
 * Two timers per session, driven through a back-reference: no closure per
 * session or per ping.
 *
 * @example
 * const heartbeat = new Heartbeat(session, 25000, 20000);
 * heartbeat.start();        // after the open packet
 * heartbeat.onPong();       // a pong arrived
 * heartbeat.stop();         // the session closed
 */
export class Heartbeat {
  readonly #owner: HeartbeatOwner;
  readonly #pingInterval: number;
  readonly #pingTimeout: number;
  #intervalTimer: NodeJS.Timeout | null = null;
  #timeoutTimer: NodeJS.Timeout | null = null;
  /** The pong window was already extended once since the last ping. */
  #timeoutRefreshed = false;

  constructor(owner: HeartbeatOwner, pingInterval: number, pingTimeout: number) {
    this.#owner = owner;
    this.#pingInterval = pingInterval;
    this.#pingTimeout = pingTimeout;
  }

  /** Schedules the first ping. */
  start(): void {
    this.#intervalTimer = setTimeout(Heartbeat.#onPingInterval, this.#pingInterval, this);
  }

  /** A packet other than a pong: it proves the client alive; give it one fresh pong window. */
  onTraffic(): void {
    if (this.#timeoutTimer !== null && !this.#timeoutRefreshed) {
      this.#timeoutTimer.refresh();
      this.#timeoutRefreshed = true;
    }
  }

  /** The client answered: the pong window closes and the next ping is pingInterval away. */
  onPong(): void {
    if (this.#timeoutTimer !== null) clearTimeout(this.#timeoutTimer);
    this.#timeoutTimer = null;
    this.#intervalTimer?.refresh();
  }

  /** Clears both timers; the session is over. */
  stop(): void {
    if (this.#intervalTimer !== null) clearTimeout(this.#intervalTimer);
    if (this.#timeoutTimer !== null) clearTimeout(this.#timeoutTimer);
    this.#intervalTimer = this.#timeoutTimer = null;
  }

  static #onPingInterval(heartbeat: Heartbeat): void {
    heartbeat.#timeoutRefreshed = false;
    heartbeat.#owner.heartbeatPing();
    if (heartbeat.#timeoutTimer !== null) clearTimeout(heartbeat.#timeoutTimer);
    heartbeat.#timeoutTimer = setTimeout(Heartbeat.#onPingTimeout, heartbeat.#pingTimeout, heartbeat);
  }

  static #onPingTimeout(heartbeat: Heartbeat): void {
    heartbeat.#timeoutTimer = null;
    heartbeat.#owner.heartbeatTimedOut();
  }
}

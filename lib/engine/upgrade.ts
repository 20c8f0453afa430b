/**
 * The probe / upgrade exchange, polling → WebSocket.
 *
 * While the probe runs, the new WebSocket transport reports to this object,
 * not to the session: the client sends `2probe`, we answer `3probe` and the
 * session answers held GETs with a noop so the client can pause polling; the
 * client then sends `5` and the session switches transports. Anything else on
 * the probe, an error, or no `5` within upgradeTimeout closes the probe socket
 * and the polling session goes on.
 */
import type { Packet } from "engine.io-parser";
import { createLog } from "../log.js";
import type { Transport, TransportOwner } from "./transports/transport.js";

const log = createLog("volley:engine:upgrade");

const PROBE_PONG: Packet[] = [{ type: "pong", data: "probe" }];

/** What the probe needs from the session it upgrades. */
export interface UpgradableSession {
  readonly id: string;
  /** The client answered the probe: release held GETs with a noop. */
  upgradeProbed(transport: Transport): void;
  /** The client sent `5`: switch to `transport`. */
  upgradeCompleted(transport: Transport): void;
  /** The probe failed or timed out; the session keeps polling. */
  upgradeFailed(): void;
}

type ProbeState = "waiting" | "probed" | "done";

/**
 * One upgrade attempt of one session.
 *
 * @example
 * const probe = new UpgradeProbe(session, wsTransport, opts.upgradeTimeout);
 * // later, if the session closes first:
 * probe.abort();
 */
export class UpgradeProbe implements TransportOwner {
  #state: ProbeState = "waiting";
  readonly #session: UpgradableSession;
  readonly #transport: Transport;
  readonly #timer: NodeJS.Timeout;

  constructor(session: UpgradableSession, transport: Transport, upgradeTimeout: number) {
    this.#session = session;
    this.#transport = transport;
    transport.owner = this;
    this.#timer = setTimeout(UpgradeProbe.#onTimeout, upgradeTimeout, this);
  }

  static #onTimeout(probe: UpgradeProbe): void {
    if (log.enabled) log("session %s did not complete its upgrade in time", probe.#session.id);
    probe.abort();
  }

  /**
   * Whether the client answered the probe: it has then paused polling (or is
   * about to) and listens only on the new WebSocket.
   */
  get probed(): boolean {
    return this.#state === "probed";
  }

  /** Closes the probe socket; the session keeps its current transport. */
  abort(): void {
    if (this.#state === "done") return;
    this.#finish();
    this.#transport.owner = null;
    this.#transport.close();
    this.#session.upgradeFailed();
  }

  onTransportPacket(transport: Transport, packet: Packet): void {
    if (this.#state === "done") return;
    if (packet.type === "ping" && packet.data === "probe" && this.#state === "waiting") {
      this.#state = "probed";
      transport.send(PROBE_PONG.slice());
      this.#session.upgradeProbed(transport);
      return;
    }
    if (packet.type === "upgrade" && this.#state === "probed") {
      this.#finish();
      this.#session.upgradeCompleted(transport);
      return;
    }
    if (log.enabled) log("unexpected %s packet on the probe of %s", packet.type, this.#session.id);
    this.abort();
  }

  onTransportReady(): void {
    // The probe sends only its pong; nothing waits for writability.
  }

  onTransportDrain(): void {
    // Nothing to acknowledge on the probe.
  }

  onTransportError(): void {
    this.abort();
  }

  onTransportClose(): void {
    this.abort();
  }

  #finish(): void {
    this.#state = "done";
    clearTimeout(this.#timer);
  }
}

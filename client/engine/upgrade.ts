/**
 * The probe / upgrade exchange, client side: open a second transport with
 * the session id, send "2probe", expect "3probe", let the current transport
 * pause (no request in flight), then hand the new transport to the client,
 * which sends "5" and flushes its buffer there.
 *
 * Environment-neutral: no node:* imports.
 */
import { TransportError } from "./errors.js";
import type { CloseDetails, Transport } from "./transport.js";
import type { Packet } from "./types.js";

/** What a probe needs from its EngineClient. */
export interface UpgradeHost {
  /** The transport in use, which is paused once the probe answered. */
  readonly transport: Transport;
  /** The probe answered "3probe"; the current transport is about to pause. */
  _onUpgrading(probe: Transport): void;
  /** The current transport is paused: switch to `probe`. Returns false when the client closed meanwhile. */
  _onUpgraded(probe: Transport): boolean;
  /** The probe failed; the current transport goes on. */
  _onUpgradeFailed(err: TransportError): void;
}

const PROBE = "probe";

/**
 * One upgrade attempt.
 *
 * @example
 * const probe = new UpgradeProbe(client, websocketTransport);
 * probe.start();
 * // later, if the client closes first:
 * probe.abort("the connection closed during the upgrade");
 */
export class UpgradeProbe {
  readonly #host: UpgradeHost;
  readonly #transport: Transport;
  #done = false;

  readonly #onOpen = (): void => {
    this.#transport.send([{ type: "ping", data: PROBE }]);
  };
  readonly #onPacket = (packet: Packet): void => {
    if (this.#done) return;
    this.#transport.off("packet", this.#onPacket);
    if (packet.type !== "pong" || packet.data !== PROBE) {
      return this.#fail(`the server answered the probe with a "${packet.type}" packet instead of "3probe"`);
    }
    this.#host._onUpgrading(this.#transport);
    if (!this.#done) this.#host.transport.pause(this.#onPaused);
  };
  readonly #onPaused = (): void => {
    if (this.#done) return;
    this.#done = true;
    this.#detach();
    if (!this.#host._onUpgraded(this.#transport)) this.#transport.close();
  };
  readonly #onError = (err: TransportError): void => {
    this.#fail(err);
  };
  readonly #onClose = (details?: CloseDetails): void => {
    const code = details?.code === undefined ? "" : ` (close code ${details.code})`;
    this.#fail(`the probe ${this.#transport.name} closed before the upgrade finished${code}`, details);
  };

  constructor(host: UpgradeHost, transport: Transport) {
    this.#host = host;
    this.#transport = transport;
    transport.on("open", this.#onOpen);
    transport.on("packet", this.#onPacket);
    transport.on("error", this.#onError);
    transport.on("close", this.#onClose);
  }

  /** Opens the probe transport. */
  start(): void {
    this.#transport.open();
  }

  /** Gives up (the client closed or upgraded otherwise); reports an upgradeError unless already finished. */
  abort(reason: string): void {
    this.#fail(reason);
  }

  #fail(reason: string | TransportError, context?: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#detach();
    this.#transport.close();
    const err =
      typeof reason === "string" ? new TransportError(this.#transport.name, "upgrade", { cause: reason, context }) : reason;
    this.#host._onUpgradeFailed(err);
  }

  #detach(): void {
    const t = this.#transport;
    t.off("open", this.#onOpen);
    t.off("packet", this.#onPacket);
    t.off("error", this.#onError);
    t.off("close", this.#onClose);
  }
}

/**
 * The probe / upgrade exchange, client side: open a second transport with
 * the session id, send "2probe", expect "3probe", let the current transport
 * pause (no request in flight), then hand the new transport to the client,
 * which sends "5" and flushes its buffer there.
 *
 * Environment-neutral: no node:* imports.
 */
import { TransportError } from "./errors.js";
import type { Transport } from "./transport.js";
/** What a probe needs from its EngineClient. */
export interface UpgradeHost {
    /** The transport in use, which is paused once the probe answered. */
    readonly transport: Transport;
    /** The probe answered "3probe"; the current transport is about to pause. */
    onUpgrading(probe: Transport): void;
    /** The current transport is paused: switch to `probe`. Returns false when the client closed meanwhile. */
    onUpgraded(probe: Transport): boolean;
    /** The probe failed; the current transport goes on. */
    onUpgradeFailed(err: TransportError): void;
}
/**
 * One upgrade attempt.
 *
 * @example
 * const probe = new UpgradeProbe(client, websocketTransport);
 * probe.start();
 * // later, if the client closes first:
 * probe.abort("the connection closed during the upgrade");
 */
export declare class UpgradeProbe {
    #private;
    constructor(host: UpgradeHost, transport: Transport);
    /** Opens the probe transport. */
    start(): void;
    /** Gives up (the client closed or upgraded otherwise); reports an upgradeError unless already finished. */
    abort(reason: string): void;
}

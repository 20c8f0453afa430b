import { Transport } from "../transport.js";
import type { Packet } from "../types.js";
/**
 * The long-polling transport.
 *
 * @example
 * const t = new PollingTransport(opts);
 * t.on("packet", (p) => console.log(p));
 * t.open(); // sends the handshake GET
 */
export declare class PollingTransport extends Transport {
    #private;
    readonly name = "polling";
    protected doOpen(): void;
    protected doClose(): void;
    protected write(packets: Packet[]): void;
    /** Waits for the GET and the POST in flight, then calls `onPause`. */
    pause(onPause: () => void): void;
    /** Polls again after an upgrade that failed while this transport was paused. */
    resume(): void;
}

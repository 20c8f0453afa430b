import { Transport } from "../transport.js";
import type { Packet } from "../types.js";
/**
 * The WebSocket transport.
 *
 * @example
 * const t = new WebSocketTransport(opts);
 * t.on("open", () => t.send([{ type: "message", data: "hi" }]));
 * t.open();
 */
export declare class WebSocketTransport extends Transport {
    #private;
    readonly name = "websocket";
    protected doOpen(): void;
    protected doClose(): void;
    protected write(packets: Packet[]): void;
}

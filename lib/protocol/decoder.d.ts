import { isReservedEvent, type Packet } from "./packet.js";
export { isReservedEvent };
/** Limits on what the decoder accepts. */
export interface DecoderOptions {
    /** Most binary attachments one packet may announce. Default DEFAULTS.maxAttachments (10). */
    maxAttachments?: number;
    /** Longest namespace name accepted, "/" included. Default DEFAULTS.maxNamespaceLength. */
    maxNamespaceLength?: number;
}
/**
 * Decodes one connection's incoming messages. One instance per connection:
 * it keeps the state of a binary packet whose attachments are still arriving.
 *
 * @example
 * const decoder = new Decoder({ maxAttachments: 4 });
 * decoder.add('2/admin,7["ask",1]'); // { type: 2, nsp: "/admin", id: 7, data: ["ask", 1] }
 * decoder.add('51-["file",{"_placeholder":true,"num":0}]'); // undefined: waiting
 * decoder.add(bytes); // { type: 2, nsp: "/", data: ["file", bytes] }
 */
export declare class Decoder {
    private readonly maxAttachments;
    private readonly maxNamespaceLength;
    /** The binary packet waiting for its attachments (type already EVENT/ACK). */
    private pending;
    private buffers;
    constructor(opts?: DecoderOptions);
    /**
     * Feeds one engine message (a string, or a binary attachment). Returns the
     * complete packet, or undefined while waiting for attachments. Throws
     * DecodeError on anything malformed; after a throw the decoder is reset.
     */
    add(chunk: string | ArrayBuffer | ArrayBufferView): Packet | undefined;
    /** Drops a half-received binary packet (on disconnect). */
    reset(): void;
}

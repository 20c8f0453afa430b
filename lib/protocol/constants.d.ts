/**
 * Protocol numbers and defaults for both layers, in one place.
 *
 * This module is environment-neutral: it is used by the server and by the
 * client bundle alike, so it imports nothing.
 */
/** Engine.IO protocol revision volley speaks. */
export declare const ENGINE_PROTOCOL = 4;
/** Socket.IO protocol revision volley speaks. */
export declare const SOCKET_PROTOCOL = 5;
/** Engine.IO packet types, as the first character of a text packet. */
export declare const EnginePacketType: {
    readonly OPEN: "0";
    readonly CLOSE: "1";
    readonly PING: "2";
    readonly PONG: "3";
    readonly MESSAGE: "4";
    readonly UPGRADE: "5";
    readonly NOOP: "6";
};
/** Separates packets inside one long-polling payload. */
export declare const RECORD_SEPARATOR = "\u001E";
/** Socket.IO packet types. */
export declare const PacketType: {
    readonly CONNECT: 0;
    readonly DISCONNECT: 1;
    readonly EVENT: 2;
    readonly ACK: 3;
    readonly CONNECT_ERROR: 4;
    readonly BINARY_EVENT: 5;
    readonly BINARY_ACK: 6;
};
export type PacketTypeValue = (typeof PacketType)[keyof typeof PacketType];
/** Event names an app may not emit and that never arrive as events. */
export declare const RESERVED_EVENTS: ReadonlySet<string>;
/** Default timings and limits (milliseconds and bytes). Every one is an option. */
export declare const DEFAULTS: {
    readonly pingInterval: 25000;
    readonly pingTimeout: 20000;
    readonly upgradeTimeout: 10000;
    readonly maxHttpBufferSize: 1000000;
    readonly connectTimeout: 45000;
    readonly maxDisconnectionDuration: 120000;
    /** Binary attachments one Socket.IO packet may announce. */
    readonly maxAttachments: 10;
    /** Longest namespace name the decoder accepts. */
    readonly maxNamespaceLength: 256;
    readonly reconnectionDelay: 1000;
    readonly reconnectionDelayMax: 5000;
    readonly randomizationFactor: 0.5;
    readonly clientTimeout: 20000;
};
/** WebSocket close codes volley uses (RFC 6455). */
export declare const WS_CLOSE: {
    readonly NORMAL: 1000;
    readonly GOING_AWAY: 1001;
    readonly ABNORMAL: 1006;
    readonly MESSAGE_TOO_BIG: 1009;
};

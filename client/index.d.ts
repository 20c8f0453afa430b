/**
 * volley's client: socket.io-client 4's API over the Socket.IO v5 protocol.
 *
 * Environment-neutral: the browser bundle is built from this file.
 */
import { Manager, type ManagerOptions } from "./manager.js";
import { Socket, type SocketOptions } from "./socket.js";
import type { DefaultEventsMap, EventsMap } from "../lib/protocol/typed-events.js";
export { Manager, Socket };
export type { ManagerOptions, ManagerEvents, CloseDetails, ManagerState } from "./manager.js";
export type { SocketOptions, SocketReservedEvents, DisconnectReason, ConnectError } from "./socket.js";
/** The Socket.IO protocol revision this client speaks. */
export declare const protocol = 5;
/** Options of {@link io}: the Manager's, the socket's, and how to share connections. */
export interface IoOptions extends ManagerOptions, SocketOptions {
    /** Always create a new Manager (connection). Default false. */
    forceNew?: boolean;
    /** Share one connection per server between namespaces. Default true. */
    multiplex?: boolean;
}
/**
 * Connects to a namespace: the URI's path ("/" when it has none). Calls for
 * other namespaces of the same server share one connection; a second call
 * for the same namespace, `forceNew` or `multiplex: false` gets a new one.
 * Without a URI (in a page) it connects to the page's own origin.
 *
 * @example
 * const socket = io("https://example.com/admin", { auth: { token } });
 * const local = io(); // the page's origin, namespace "/"
 */
declare function io<Listen extends EventsMap = DefaultEventsMap, Emit extends EventsMap = Listen>(opts?: IoOptions): Socket<Listen, Emit>;
declare function io<Listen extends EventsMap = DefaultEventsMap, Emit extends EventsMap = Listen>(uri?: string, opts?: IoOptions): Socket<Listen, Emit>;
export { io, io as connect, io as default };

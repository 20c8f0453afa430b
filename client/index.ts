/**
 * volley's client: socket.io-client 4's API over the Socket.IO v5 protocol.
 *
 * Environment-neutral: the browser bundle is built from this file.
 */
import { Manager, type ManagerOptions } from "./manager.js";
import { Socket, type SocketOptions } from "./socket.js";
import { parseUri } from "./url.js";
import { SOCKET_PROTOCOL } from "../lib/protocol/constants.js";
import type { DefaultEventsMap, EventsMap } from "../lib/protocol/typed-events.js";

export { Manager, Socket };
export type { ManagerOptions, ManagerEvents, CloseDetails, ManagerState } from "./manager.js";
export type { SocketOptions, SocketReservedEvents, DisconnectReason, ConnectError } from "./socket.js";
export { VolleyError, DecodeError } from "../lib/protocol/errors.js";
export { TransportError } from "./engine/errors.js";

/** The Socket.IO protocol revision this client speaks. */
export const protocol = SOCKET_PROTOCOL;

/** Options of {@link io}: the Manager's, the socket's, and how to share connections. */
export interface IoOptions extends ManagerOptions, SocketOptions {
  /** Always create a new Manager (connection). Default false. */
  forceNew?: boolean;
  /** Share one connection per server between namespaces. Default true. */
  multiplex?: boolean;
}

/** Managers by origin + path, shared by `io()` calls for different namespaces. */
const managers: Record<string, Manager> = {};

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
function io<Listen extends EventsMap = DefaultEventsMap, Emit extends EventsMap = Listen>(
  opts?: IoOptions,
): Socket<Listen, Emit>;
function io<Listen extends EventsMap = DefaultEventsMap, Emit extends EventsMap = Listen>(
  uri?: string,
  opts?: IoOptions,
): Socket<Listen, Emit>;
function io(uri?: string | IoOptions, opts?: IoOptions): Socket {
  if (typeof uri === "object") {
    opts = uri;
    uri = undefined;
  }
  opts = { ...opts };
  const url = parseUri(uri, globalThis.location);
  const origin = url.origin;
  const nsp = url.pathname;
  // Managers are cached by origin and engine path
  const id = origin + (opts.path || "/socket.io/");
  // as socket.io-client: the URI's query unless the options have one
  opts.query ||= Object.fromEntries(url.searchParams);
  // a second socket for a namespace of the cached Manager gets its own connection, as in socket.io-client
  const manager =
    opts.forceNew || opts.multiplex === false || managers[id]?.nsps[nsp] ? new Manager(origin, opts) : (managers[id] ||= new Manager(origin, opts));
  return manager.socket(nsp, opts);
}

export { io, io as connect, io as default };

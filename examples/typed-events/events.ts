/**
 * The event maps shared by the server and the client: one source of truth, so
 * a renamed event or a changed argument is a compile error on both sides.
 */

/** Events the client sends; the last parameter of each is its acknowledgement. */
export interface ClientToServerEvents {
  hello: (name: string, ack: (greeting: string) => void) => void;
  add: (a: number, b: number, ack: (result: { sum: number } | { error: string }) => void) => void;
}

/** Events the server sends. */
export interface ServerToClientEvents {
  notice: (text: string) => void;
  /** The server asks; the client answers through the acknowledgement. */
  whoAreYou: (ack: (name: string) => void) => void;
}

/** Events between servers of a cluster (serverSideEmit); unused by a single server but typed all the same. */
export interface InterServerEvents {
  ping: () => void;
}

/** What the server keeps per socket, typed as `socket.data`. */
export interface SocketData {
  name: string;
  connectedAt: number;
}

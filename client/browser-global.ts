/**
 * Entry of the script-tag bundles (`socket.io.js`, `socket.io.min.js`): the
 * global `io` is the lookup function carrying the rest of the API, as pages
 * written for socket.io-client expect (`io()`, `io.Manager`, `io.Socket`, `io.protocol`).
 */
import { io, Manager, Socket, protocol } from "./index.js";

export default Object.assign(io, { io, connect: io, Manager, Socket, protocol });

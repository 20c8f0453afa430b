/**
 * The CommonJS entry point of the client (rollup turns it into
 * dist/cjs/client.cjs): `require("volley/client")` is the `io` function,
 * carrying `io`, `connect`, `Manager`, `Socket` and the other named exports,
 * as socket.io-client's CommonJS build is (`require("socket.io-client")(url)`).
 *
 * @example
 * const io = require("volley/client");
 * const socket = io("http://localhost:3000");          // or: require("volley/client").io(…)
 * const { Manager } = require("volley/client");
 */
import * as client from "./index.js";

export default Object.assign(client.io, client);

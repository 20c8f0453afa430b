/**
 * The CommonJS entry point (rollup turns it into dist/cjs/index.cjs):
 * `require("volley")` is a function that creates a Server, as
 * `require("socket.io")` is, so code written for socket.io's callable form
 * moves by changing the name. Every named export rides on it too.
 *
 * ESM users never load this module: `import { Server } from "volley"` reads
 * lib/index.ts.
 *
 * @example
 * const httpServer = require("node:http").createServer();
 * const io = require("volley")(httpServer, { cors: { origin: "https://example.com" } });
 * const { Server, Namespace } = require("volley"); // the named form works as well
 */
import type { Server as HttpServer } from "node:http";
import * as volley from "./index.js";
import type { ServerOptions } from "./options.js";

function createServer(opts?: Partial<ServerOptions>): volley.Server;
function createServer(srv: HttpServer | number | string | undefined, opts?: Partial<ServerOptions>): volley.Server;
function createServer(srv?: HttpServer | number | string | Partial<ServerOptions>, opts?: Partial<ServerOptions>): volley.Server {
  // The constructor's implementation sorts out which form it was given.
  return new volley.Server(srv as HttpServer | undefined, opts);
}

export default Object.assign(createServer, volley);

/**
 * `node --import tsx examples/websocket-fallback/index.ts`: the same
 * websocket-first client against a normal server and a polling-only one.
 */
import { connectWebsocketFirst } from "./client.js";
import { startServer } from "./server.js";

const normal = await startServer({ port: 0 });
const pollingOnly = await startServer({ port: 0, transports: ["polling"] });
console.log("normal server       ->", await connectWebsocketFirst(normal.url));
console.log("polling-only server ->", await connectWebsocketFirst(pollingOnly.url));
await Promise.all([normal.close(), pollingOnly.close()]);

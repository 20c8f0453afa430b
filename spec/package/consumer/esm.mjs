// Run with node by spec/package/pack.spec.ts in the temporary consumer: the ESM entry points load.
import { Server } from "volley";
import { Engine } from "volley/engine";
import { io, Manager } from "volley/client";

const server = new Server();
console.log(JSON.stringify([typeof Server, typeof Engine, typeof io, typeof Manager, server.of("/").name]));
server.close();

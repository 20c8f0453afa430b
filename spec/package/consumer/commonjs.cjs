// Run with node by spec/package/pack.spec.ts in a temporary consumer where the packed
// volley is installed: the CommonJS forms socket.io apps use, over a real connection.
// Prints one JSON line of what it saw; the spec asserts on it.
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- require() is what this file tests */
const http = require("node:http");
const volley = require("volley");
const io = require("volley/client");
const { Engine } = require("volley/engine");

setTimeout(() => {
  console.error("commonjs consumer: no greeting within 20 s");
  process.exit(1);
}, 20000).unref();

const httpServer = http.createServer();
const server = volley(httpServer, { pingInterval: 2000 });
server.on("connection", (socket) => socket.on("hello", (name, ack) => ack(`hi ${name}`)));

httpServer.listen(0, "127.0.0.1", async () => {
  const url = `http://127.0.0.1:${httpServer.address().port}`;
  const script = await fetch(`${url}/socket.io/socket.io.min.js`);
  await script.arrayBuffer();
  const socket = io(url);
  socket.emit("hello", "ada", (greeting) => {
    console.log(
      JSON.stringify({
        volley: typeof volley,
        isServer: server instanceof volley.Server,
        named: ["Server", "Namespace", "Socket", "Adapter", "BroadcastOperator"].filter((name) => typeof volley[name] === "function"),
        client: typeof io,
        clientAliases: io.io === io && io.connect === io,
        clientNamed: ["Manager", "Socket"].filter((name) => typeof io[name] === "function"),
        engine: typeof Engine,
        greeting,
        script: [script.status, script.headers.get("content-type")],
      }),
    );
    socket.disconnect();
    server.close(() => process.exit(0));
  });
});

/**
 * `node --import tsx examples/typed-events/index.ts`: starts the typed server,
 * runs one typed client against it, prints what happened, stops.
 */
import { converse } from "./client.js";
import { startServer } from "./server.js";

const server = await startServer({ port: Number(process.env.PORT ?? 0) });
console.log(`typed server on ${server.url}`);
server.io.on("connection", async (socket) => {
  // The server can ask too: emitWithAck with a timeout resolves with the client's answer.
  const name = await socket.timeout(2000).emitWithAck("whoAreYou");
  console.log(`server asked whoAreYou, client answered ${JSON.stringify(name)}`);
});
const result = await converse(server.url, "ada");
console.log(result);
await server.close();

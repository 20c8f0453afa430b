// A TypeScript app using the packed volley: spec/package/pack.spec.ts installs the
// tarball next to it, outside the repo, and compiles it with skipLibCheck off under
// moduleResolution node16 (as .ts in an ESM package, and copied to .cts: CommonJS),
// bundler and node10. Types come only from the package (and @types/node, which a
// Node server app has anyway).
import { createServer } from "node:http";
import { Server, type Socket, type ServerOptions } from "volley";
import { Engine, type EngineOptions } from "volley/engine";
import { io, Manager, type Socket as ClientSocket } from "volley/client";

interface ClientToServer {
  hello: (name: string, ack: (greeting: string) => void) => void;
}
interface ServerToClient {
  tick: (n: number) => void;
}

const options: Partial<ServerOptions> = { pingInterval: 1000, perMessageDeflate: { threshold: 2048 } };
const server = new Server<ClientToServer, ServerToClient>(createServer(), options);
server.on("connection", (socket: Socket<ClientToServer, ServerToClient>) => {
  socket.on("hello", (name, ack) => ack(`hi ${name}`));
  socket.emit("tick", 1);
  // @ts-expect-error tick takes a number
  socket.emit("tick", "one");
});
server.close();

const engineOptions: EngineOptions = { pingInterval: 1000 };
new Engine(engineOptions).close();

const client: ClientSocket<ServerToClient, ClientToServer> = io<ServerToClient, ClientToServer>("http://127.0.0.1:1", { autoConnect: false });
client.emit("hello", "ada", (greeting) => greeting.toUpperCase());
new Manager("http://127.0.0.1:1", { autoConnect: false, reconnectionAttempts: 1 });

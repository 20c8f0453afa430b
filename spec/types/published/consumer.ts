// Compiled against the built declaration files (dist/**/*.d.ts) through the
// package's own "exports", with skipLibCheck off, as a strict consumer would.
import { Server, type Socket } from "volley";
import { Engine } from "volley/engine";
import { io } from "volley/client";

interface ClientToServer {
  hello: (name: string, ack: (greeting: string) => void) => void;
}
interface ServerToClient {
  tick: (n: number) => void;
}

const server = new Server<ClientToServer, ServerToClient>();
server.on("connection", (socket: Socket<ClientToServer, ServerToClient>) => {
  socket.on("hello", (name, ack) => ack(`hi ${name}`));
  socket.emit("tick", 1);
  // @ts-expect-error tick takes a number
  socket.emit("tick", "one");
});
new Engine({ pingInterval: 1000 }).close();
const client = io<ServerToClient, ClientToServer>("http://127.0.0.1:1", { autoConnect: false });
client.emit("hello", "ada", (greeting) => greeting.toUpperCase());

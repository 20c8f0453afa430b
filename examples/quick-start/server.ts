// server.ts
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { Server } from "volley";

const page = readFileSync(new URL("./index.html", import.meta.url));
// volley answers its own path (/socket.io/…) first; every other request gets the page
const httpServer = createServer((req, res) => {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
});
const io = new Server(httpServer, { connectionStateRecovery: {} });

io.on("connection", (socket) => {
  socket.on("join", (room: string) => socket.join(room));
  socket.on("say", (room: string, text: string, ack: (ok: boolean) => void) => {
    socket.to(room).emit("said", socket.id, text);
    ack(true);
  });
});

const port = Number(process.env.PORT) || 3000;
httpServer.listen(port, () => console.log(`open http://localhost:${port}`));

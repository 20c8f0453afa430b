/**
 * A polling-only client and a websocket-only client in the same page join one
 * room on a volley server and talk through it.
 */
import { expect } from "chai";
import type { io as volleyIo } from "../../client/index.js";
import { Server } from "../../lib/index.js";
import { htmlPage, useBrowserPage } from "../support/browser-pages.js";

type PageWindow = { io: typeof volleyIo };

describe("browser: polling-only and websocket-only clients in one room", function () {
  this.timeout(15000);
  const pages = useBrowserPage({
    files: () => ({ "/": htmlPage('<script src="/socket.io/socket.io.js"></script>') }),
    serverFactory: (httpServer) => {
      const io = new Server(httpServer, { pingInterval: 300, pingTimeout: 1000 });
      io.on("connection", (socket) => {
        socket.on("join", (room: string, ack: (transport: string) => void) => {
          void socket.join(room);
          ack(socket.conn.transport.name);
        });
        socket.on("say", (room: string, text: string) => {
          socket.to(room).emit("said", text, socket.id);
        });
      });
      return io;
    },
  });

  it("each receives the other's message relayed with socket.to(room)", async () => {
    const open = await pages.open("/");
    const result = await open.page.evaluate(async () => {
      const { io } = window as unknown as PageWindow;
      const polling = io({ transports: ["polling"], reconnection: false });
      const websocket = io({ transports: ["websocket"], reconnection: false });
      const connected = (s: typeof polling) =>
        new Promise<void>((resolve, reject) => {
          s.on("connect_error", reject);
          s.on("connect", () => resolve());
        });
      const next = (s: typeof polling) =>
        new Promise<unknown[]>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("nothing relayed within 8 s")), 8000);
          s.once("said", (...args: unknown[]) => {
            clearTimeout(timer);
            resolve(args);
          });
        });
      await Promise.all([connected(polling), connected(websocket)]);
      const serverTransports = await Promise.all([
        polling.timeout(8000).emitWithAck("join", "lobby"),
        websocket.timeout(8000).emitWithAck("join", "lobby"),
      ]);
      const toPolling = next(polling);
      const toWebsocket = next(websocket);
      polling.emit("say", "lobby", "from polling 📮");
      websocket.emit("say", "lobby", "from websocket 🔌");
      const [gotByPolling, gotByWebsocket] = await Promise.all([toPolling, toWebsocket]);
      return {
        sharedManager: polling.io === websocket.io,
        ids: [polling.id, websocket.id],
        clientTransports: [polling.io.engine!.transport.name, websocket.io.engine!.transport.name],
        serverTransports,
        gotByPolling,
        gotByWebsocket,
      };
    });
    expect(result.sharedManager, "a second io() for the same namespace gets its own Manager").to.equal(false);
    expect(result.clientTransports).to.deep.equal(["polling", "websocket"]);
    expect(result.serverTransports).to.deep.equal(["polling", "websocket"]);
    const [pollingId, websocketId] = result.ids;
    expect(result.gotByPolling).to.deep.equal(["from websocket 🔌", websocketId]);
    expect(result.gotByWebsocket).to.deep.equal(["from polling 📮", pollingId]);
    expect(pages.server.sockets.adapter.rooms.get("lobby")?.size).to.equal(2);
    expect(open.errors).to.deep.equal([]);
  });
});

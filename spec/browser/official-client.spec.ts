/**
 * The official socket.io-client 4 browser bundle, in a page, against a volley
 * server: connect over polling, upgrade, binary ack both ways, a room broadcast.
 * The page loads socket.io-client's own file from /official.min.js; volley's
 * client files are switched off (serveClient: false) so they cannot be used by mistake.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Server } from "../../lib/index.js";
import type { io as volleyIo } from "../../client/index.js";
import { connectPageSocket, htmlPage, useBrowserPage, waitForWebSocket } from "../support/browser-pages.js";

type PageWindow = { io: typeof volleyIo; s?: ReturnType<typeof volleyIo> };

// socket.io-client's "exports" hide dist/, so the file is read from node_modules directly.
const officialBundle = join(dirname(fileURLToPath(import.meta.url)), "../../node_modules/socket.io-client/dist/socket.io.min.js");

describe("browser: the official socket.io-client 4 bundle against a volley server", function () {
  this.timeout(15000);
  const pages = useBrowserPage({
    files: () => ({
      "/": htmlPage('<script src="/official.min.js"></script>'),
      "/official.min.js": { type: "application/javascript; charset=utf-8", body: readFileSync(officialBundle) },
    }),
    serverFactory: (httpServer) => {
      const io = new Server(httpServer, { serveClient: false, pingInterval: 300, pingTimeout: 1000 });
      io.on("connection", (socket) => {
        socket.on("reverse", (bytes: Buffer, ack: (reversed: Buffer) => void) => ack(Buffer.from(bytes).reverse()));
        socket.on("join", (room: string) => {
          void socket.join(room);
          io.to(room).emit("joined", room, "voilà ✓");
        });
      });
      return io;
    },
  });

  it("connects, upgrades, exchanges binary with acks and receives a room broadcast", async () => {
    const open = await pages.open("/");
    await connectPageSocket(open.page);
    await waitForWebSocket(open.page);
    const result = await open.page.evaluate(async () => {
      const s = (window as unknown as PageWindow).s!;
      const reversed = await new Promise<ArrayBuffer>((resolve, reject) =>
        s.timeout(8000).emit("reverse", new Uint8Array([1, 2, 3, 250]), (err: Error | null, answer: ArrayBuffer) => (err ? reject(err) : resolve(answer))),
      );
      const joined = new Promise<unknown[]>((resolve) => s.once("joined", (...args: unknown[]) => resolve(args)));
      s.emit("join", "lobby");
      return { id: s.id, transport: s.io.engine.transport.name, reversed: [...new Uint8Array(reversed)], joined: await joined };
    });
    expect(result.transport).to.equal("websocket");
    expect(pages.server.of("/").sockets.get(result.id as string)?.rooms.has("lobby")).to.equal(true);
    expect(result.reversed).to.deep.equal([250, 3, 2, 1]);
    expect(result.joined).to.deep.equal(["lobby", "voilà ✓"]);
    expect(pages.site.requested).to.include("/official.min.js");
    expect(open.errors).to.deep.equal([]);
  });
});

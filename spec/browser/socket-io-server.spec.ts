/**
 * volley's minified script-tag bundle, in a page, against an unmodified
 * socket.io 4 server: connect, upgrade, emit with ack, a server broadcast.
 * The page loads our bundle from /volley.min.js; socket.io's own client
 * files are switched off so they cannot be picked up by mistake.
 */
import { expect } from "chai";
import { Server as SocketIoServer } from "socket.io";
import type { io as volleyIo } from "../../client/index.js";
import { bundleFile, connectPageSocket, htmlPage, useBrowserPage, waitForWebSocket } from "../support/browser-pages.js";

type PageWindow = { io: typeof volleyIo; s?: ReturnType<typeof volleyIo> };

describe("browser: volley's bundle against an unmodified socket.io 4 server", function () {
  this.timeout(15000);
  const pages = useBrowserPage({
    files: () => ({
      "/": htmlPage('<script src="/volley.min.js"></script>'),
      "/volley.min.js": bundleFile("socket.io.min.js"),
    }),
    serverFactory: (httpServer) => {
      const sio = new SocketIoServer(httpServer, { serveClient: false, pingInterval: 300, pingTimeout: 1000 });
      sio.on("connection", (socket) => {
        socket.on("ask", (a: number, b: number, ack: (sum: number, echo: string) => void) => ack(a + b, "ça va ✓"));
        socket.on("ready", () => sio.emit("news", { headline: "broadcast 📣", to: sio.of("/").sockets.size }));
      });
      return sio;
    },
  });

  it("connects, upgrades, gets an ack and a broadcast", async () => {
    const open = await pages.open("/");
    const globalIo = await open.page.evaluate(() => typeof (window as unknown as { io?: unknown }).io);
    expect(globalIo, "socket.io.min.js must define the global io (a script-tag bundle)").to.equal("function");
    await connectPageSocket(open.page);
    await waitForWebSocket(open.page);
    const result = await open.page.evaluate(async () => {
      const s = (window as unknown as PageWindow).s!;
      const engine = s.io.engine!;
      const news = new Promise<unknown>((resolve) => s.once("news", resolve));
      const [sum, echo] = await new Promise<unknown[]>((resolve, reject) =>
        s.timeout(8000).emit("ask", 2, 40, (err: Error | null, ...answer: unknown[]) => (err ? reject(err) : resolve(answer))),
      );
      s.emit("ready");
      return { id: s.id, transport: engine.transport.name, sum, echo, news: await news };
    });
    expect(result.transport).to.equal("websocket");
    expect(pages.server.of("/").sockets.has(result.id as string)).to.equal(true);
    expect(result.sum).to.equal(42);
    expect(result.echo).to.equal("ça va ✓");
    expect(result.news).to.deep.equal({ headline: "broadcast 📣", to: 1 });
    // our bundle, and only ours, was loaded
    expect(pages.site.requested).to.include("/volley.min.js");
    expect(pages.site.requested.filter((p) => /socket\.io(\.min|\.esm\.min)?\.js$/.test(p))).to.deep.equal([]);
    expect(open.errors).to.deep.equal([]);
  });
});

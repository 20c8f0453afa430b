/**
 * volley's minified script-tag bundle, in a page, against an unmodified
 * socket.io 4 server: connect, upgrade, emit with ack, a server broadcast.
 * The page loads our bundle from /volley.min.js; socket.io's own client
 * files are switched off so they cannot be picked up by mistake.
 */
import { expect } from "chai";
import type { Browser } from "playwright-core";
import { Server as SocketIoServer } from "socket.io";
import type { io as volleyIo } from "../../client/index.js";
import { launchBrowser } from "../support/browser.js";
import {
  bundleFile,
  closePage,
  closeServer,
  createStaticServer,
  htmlPage,
  listen,
  openPage,
  type OpenPage,
} from "../support/browser-pages.js";

type PageWindow = { io: typeof volleyIo };

describe("browser: volley's bundle against an unmodified socket.io 4 server", function () {
  this.timeout(15000);
  let browser: Browser;
  let open: OpenPage | undefined;
  let sio: SocketIoServer | undefined;
  let srv: ReturnType<typeof createStaticServer> | undefined;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    srv = createStaticServer({
      "/": htmlPage('<script src="/volley.min.js"></script>'),
      "/volley.min.js": bundleFile("socket.io.min.js"),
    });
    sio = new SocketIoServer(srv.httpServer, { serveClient: false, pingInterval: 300, pingTimeout: 1000 });
    sio.on("connection", (socket) => {
      socket.on("ask", (a: number, b: number, ack: (sum: number, echo: string) => void) => ack(a + b, "ça va ✓"));
      socket.on("ready", () => sio!.emit("news", { headline: "broadcast 📣", to: sio!.of("/").sockets.size }));
    });
    await listen(srv);
  });

  afterEach(async () => {
    await closePage(open);
    open = undefined;
    if (sio && srv) await closeServer(sio, srv.httpServer);
    sio = undefined;
    srv = undefined;
  });

  it("connects, upgrades, gets an ack and a broadcast", async () => {
    open = await openPage(browser, srv!.url + "/");
    const globalIo = await open.page.evaluate(() => typeof (window as unknown as { io?: unknown }).io);
    expect(globalIo, "socket.io.min.js must define the global io (a script-tag bundle)").to.equal("function");
    const result = await open.page.evaluate(async () => {
      const { io } = window as unknown as PageWindow;
      const s = io({ reconnection: false });
      await new Promise<void>((resolve, reject) => {
        s.on("connect_error", reject);
        s.on("connect", () => resolve());
      });
      const engine = s.io.engine!;
      if (engine.transport.name !== "websocket") {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("no upgrade within 8 s")), 8000);
          engine.on("upgrade", () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      const news = new Promise<unknown>((resolve) => s.once("news", resolve));
      const [sum, echo] = await new Promise<unknown[]>((resolve, reject) =>
        s.timeout(8000).emit("ask", 2, 40, (err: Error | null, ...answer: unknown[]) => (err ? reject(err) : resolve(answer))),
      );
      s.emit("ready");
      return { id: s.id, transport: engine.transport.name, sum, echo, news: await news };
    });
    expect(result.transport).to.equal("websocket");
    expect(sio!.of("/").sockets.has(result.id as string)).to.equal(true);
    expect(result.sum).to.equal(42);
    expect(result.echo).to.equal("ça va ✓");
    expect(result.news).to.deep.equal({ headline: "broadcast 📣", to: 1 });
    // our bundle, and only ours, was loaded
    expect(srv!.requested).to.include("/volley.min.js");
    expect(srv!.requested.filter((p) => /socket\.io(\.min|\.esm\.min)?\.js$/.test(p))).to.deep.equal([]);
    expect(open.errors).to.deep.equal([]);
  });
});

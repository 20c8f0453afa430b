/**
 * The ES module bundle, imported by a `<script type="module">` from the
 * volley server's path, connects and exchanges an event.
 */
import { expect } from "chai";
import type { Browser } from "playwright-core";
import type { io as volleyIo } from "../../client/index.js";
import { Server } from "../../lib/index.js";
import { launchBrowser } from "../support/browser.js";
import { closePage, closeServer, createStaticServer, htmlPage, listen, openPage, type OpenPage } from "../support/browser-pages.js";

type ModuleWindow = { esm?: { io: typeof volleyIo; exports: string[] } };

const MODULE_SCRIPT = `<script type="module">
import { io, Manager, Socket } from "/socket.io/socket.io.esm.min.js";
window.esm = { io, exports: [typeof io, typeof Manager, typeof Socket] };
</script>`;

describe("browser: the ESM bundle", function () {
  this.timeout(15000);
  let browser: Browser;
  let open: OpenPage | undefined;
  let io: Server | undefined;
  let srv: ReturnType<typeof createStaticServer> | undefined;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    srv = createStaticServer({ "/": htmlPage(MODULE_SCRIPT) });
    io = new Server(srv.httpServer, { pingInterval: 300, pingTimeout: 1000 });
    io.on("connection", (socket) => {
      socket.on("ping-me", (text: string) => socket.emit("pong-you", `${text} → ${socket.id}`));
    });
    await listen(srv);
  });

  afterEach(async () => {
    await closePage(open);
    open = undefined;
    if (io && srv) await closeServer(io, srv.httpServer);
    io = undefined;
    srv = undefined;
  });

  it("imports io from /socket.io/socket.io.esm.min.js, connects and exchanges one event", async () => {
    open = await openPage(browser, srv!.url + "/");
    await open.page.waitForFunction(() => (window as unknown as ModuleWindow).esm !== undefined, undefined, { timeout: 8000 });
    const result = await open.page.evaluate(async () => {
      const esm = (window as unknown as ModuleWindow).esm!;
      const s = esm.io({ reconnection: false });
      await new Promise<void>((resolve, reject) => {
        s.on("connect_error", reject);
        s.on("connect", () => resolve());
      });
      const answer = await new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no answer within 8 s")), 8000);
        s.once("pong-you", (text: unknown) => {
          clearTimeout(timer);
          resolve(text);
        });
        s.emit("ping-me", "hi ✨");
      });
      return { exports: esm.exports, id: s.id, answer, hasGlobalIo: "io" in window };
    });
    expect(result.exports).to.deep.equal(["function", "function", "function"]);
    expect(result.answer).to.equal(`hi ✨ → ${result.id}`);
    expect(result.hasGlobalIo, "the module bundle defines no global").to.equal(false);
    expect(open.errors).to.deep.equal([]);
  });
});

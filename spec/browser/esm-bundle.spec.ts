/**
 * The ES module bundle, imported by a `<script type="module">` from the
 * volley server's path, connects and exchanges an event.
 */
import { expect } from "chai";
import type { io as volleyIo } from "../../client/index.js";
import { Server } from "../../lib/index.js";
import { htmlPage, useBrowserPage } from "../support/browser-pages.js";

type ModuleWindow = { esm?: { io: typeof volleyIo; exports: string[] } };

const MODULE_SCRIPT = `<script type="module">
import { io, Manager, Socket } from "/socket.io/socket.io.esm.min.js";
window.esm = { io, exports: [typeof io, typeof Manager, typeof Socket] };
</script>`;

describe("browser: the ESM bundle", function () {
  this.timeout(15000);
  const pages = useBrowserPage({
    files: () => ({ "/": htmlPage(MODULE_SCRIPT) }),
    serverFactory: (httpServer) => {
      const io = new Server(httpServer, { pingInterval: 300, pingTimeout: 1000 });
      io.on("connection", (socket) => {
        socket.on("ping-me", (text: string) => socket.emit("pong-you", `${text} → ${socket.id}`));
      });
      return io;
    },
  });

  it("imports io from /socket.io/socket.io.esm.min.js, connects and exchanges one event", async () => {
    const open = await pages.open("/");
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

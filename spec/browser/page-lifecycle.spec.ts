/**
 * Page lifecycle: with closeOnBeforeunload the connection is closed cleanly
 * when the page navigates away (the server sees "transport close" at once,
 * not a ping timeout), and the window's "offline" event closes the engine.
 */
import { expect } from "chai";
import type { io as volleyIo } from "../../client/index.js";
import { Server } from "../../lib/index.js";
import { htmlPage, useBrowserPage } from "../support/browser-pages.js";
import { until, waitFor } from "../support/server-helpers.js";

type PageWindow = { io: typeof volleyIo; s?: ReturnType<typeof volleyIo> };

// Long heartbeat: a disconnect seen within a few seconds cannot be a ping timeout.
const HEARTBEAT = { pingInterval: 20000, pingTimeout: 20000 };
/** "Promptly": far below pingInterval + pingTimeout, generous for a loaded machine. */
const PROMPT_MS = 4000;

describe("browser: page lifecycle (closeOnBeforeunload, offline)", function () {
  this.timeout(15000);
  const pages = useBrowserPage({
    files: () => ({
      "/": htmlPage('<script src="/socket.io/socket.io.js"></script>'),
      "/elsewhere": htmlPage(""),
    }),
    serverFactory: (httpServer) => new Server(httpServer, HEARTBEAT),
  });

  /** Opens the page and connects `window.s` with `opts`; resolves with the client transport once it is `expected`. */
  async function connect(opts: Record<string, unknown>, expected: string) {
    const open = await pages.open("/");
    const connection = waitFor(pages.server, "connection", 8000);
    const transport = await open.page.evaluate(
      async ({ opts, expected }) => {
        const w = window as unknown as PageWindow;
        const s = w.io({ reconnection: false, ...opts });
        w.s = s;
        await new Promise<void>((resolve, reject) => {
          s.on("connect_error", reject);
          s.on("connect", () => resolve());
        });
        if (s.io.engine!.transport.name !== expected) {
          await new Promise<void>((resolve) => s.io.engine!.on("upgrade", () => resolve()));
        }
        return s.io.engine!.transport.name;
      },
      { opts, expected },
    );
    const [socket] = (await connection) as [{ on(ev: string, fn: (reason: string) => void): void; conn: { transport: { name: string } } }];
    return { open, transport, socket };
  }

  for (const [mode, opts, transport] of [
    ["upgraded to websocket", {}, "websocket"],
    ["polling only", { transports: ["polling"] }, "polling"],
  ] as const) {
    it(`${mode}: navigating away closes the connection at once ("transport close")`, async () => {
      const { open, transport: seen, socket } = await connect({ ...opts, closeOnBeforeunload: true }, transport);
      expect(seen).to.equal(transport);
      // The client reports the upgrade once it has sent "5"; the server switches when that packet arrives.
      await until(() => socket.conn.transport.name === transport, 5000);
      expect(socket.conn.transport.name).to.equal(transport);
      const disconnected = new Promise<string>((resolve) => socket.on("disconnect", resolve));
      const started = Date.now();
      await open.page.goto(pages.url + "/elsewhere", { timeout: 8000 });
      const reason = await Promise.race([
        disconnected,
        new Promise<string>((resolve) => setTimeout(() => resolve(`no disconnect within ${PROMPT_MS} ms`), PROMPT_MS)),
      ]);
      expect(reason).to.equal("transport close");
      expect(Date.now() - started).to.be.below(PROMPT_MS);
      expect(pages.server.sockets.sockets.size).to.equal(0);
    });
  }

  it('polling only, without closeOnBeforeunload: the browser just aborts the held GET ("transport error")', async () => {
    // the contrast that shows the option above is what makes the close clean
    const { open, socket } = await connect({ transports: ["polling"] }, "polling");
    const disconnected = new Promise<string>((resolve) => socket.on("disconnect", resolve));
    await open.page.goto(pages.url + "/elsewhere", { timeout: 8000 });
    const reason = await Promise.race([
      disconnected,
      new Promise<string>((resolve) => setTimeout(() => resolve(`no disconnect within ${PROMPT_MS} ms`), PROMPT_MS)),
    ]);
    expect(reason).to.equal("transport error");
  });

  it('the window "offline" event closes the engine (client reason "transport close")', async () => {
    const { open, socket } = await connect({}, "websocket");
    const serverDisconnected = new Promise<string>((resolve) => socket.on("disconnect", resolve));
    const result = await open.page.evaluate(async () => {
      const s = (window as unknown as PageWindow).s!;
      const engine = s.io.engine!;
      const reason = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no disconnect within 4 s")), 4000);
        s.on("disconnect", (why: string) => {
          clearTimeout(timer);
          resolve(why);
        });
      });
      window.dispatchEvent(new Event("offline"));
      return { reason: await reason, engineState: engine.readyState, connected: s.connected };
    });
    expect(result).to.deep.equal({ reason: "transport close", engineState: "closed", connected: false });
    const serverReason = await Promise.race([
      serverDisconnected,
      new Promise<string>((resolve) => setTimeout(() => resolve(`no server disconnect within ${PROMPT_MS} ms`), PROMPT_MS)),
    ]);
    expect(serverReason).to.equal("transport close");
    expect(open.errors).to.deep.equal([]);
  });
});

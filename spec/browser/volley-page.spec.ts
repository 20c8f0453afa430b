/**
 * A page served by a volley server loads /socket.io/socket.io.js from that
 * server and talks to it: polling first, the upgrade to WebSocket, binary and
 * UTF-8 text both ways (with acks), in real headless Chromium.
 */
import { expect } from "chai";
import type { io as volleyIo } from "../../client/index.js";
import { Server } from "../../lib/index.js";
import { connectPageSocket, htmlPage, useBrowserPage, waitForWebSocket, type OpenPage } from "../support/browser-pages.js";
import { until } from "../support/server-helpers.js";

type PageWindow = { io: typeof volleyIo };

/** Strings that break naive UTF-8 handling: 4-byte emoji with ZWJ, CJK, combining and precomposed accents. */
const TEXTS = ["héllo wörld ñ ç", "日本語のテキスト 中文 한국어", "👩‍👩‍👧‍👦 🎉 🚀", "e\u0301 vs é", ""];
const SERVER_TEXTS = ["ünïcödé from the server", "服务器 🌍", "Ωμέγα 😀 \u2028 end"];
const BYTES = Array.from({ length: 256 }, (_, i) => i);

describe("browser: a page served by a volley server", function () {
  this.timeout(15000);
  let upgrades: string[];
  let serverSaw: { text: unknown[]; binKinds: string[]; bytes: number[][] };

  const pages = useBrowserPage({
    files: () => ({ "/": htmlPage('<script src="/socket.io/socket.io.js"></script>') }),
    serverFactory: (httpServer) => {
      // fresh records per test: the server is made again before each one
      upgrades = [];
      serverSaw = { text: [], binKinds: [], bytes: [] };
      const io = new Server(httpServer, { pingInterval: 300, pingTimeout: 1000 });
      io.on("connection", (socket) => {
        socket.conn.on("upgrade", (transport: { name: string }) => upgrades.push(transport.name));
        socket.on("bin", (a: unknown, b: unknown, ack: (...args: unknown[]) => void) => {
          for (const value of [a, b]) {
            serverSaw.binKinds.push(Buffer.isBuffer(value) ? "Buffer" : typeof value);
            serverSaw.bytes.push(Buffer.isBuffer(value) ? [...value] : []);
          }
          // answer with the first payload reversed, so a wrong byte order or truncation shows
          ack(Buffer.from([...(a as Buffer)].reverse()), { nested: [Buffer.from([1, 2, 3])] });
        });
        socket.on("text", (texts: unknown, ack: (...args: unknown[]) => void) => {
          serverSaw.text.push(texts);
          ack(texts, SERVER_TEXTS);
        });
        socket.on("want-bin", () => socket.emit("bin-from-server", Buffer.from(BYTES), "label ✓"));
      });
      return io;
    },
  });

  /** Runs the binary and text exchange in the page on an already connected socket `window.s`. */
  async function exchange(page: OpenPage["page"]) {
    return page.evaluate(
      async ({ texts, bytes }) => {
        const s = (window as unknown as { s: ReturnType<PageWindow["io"]> }).s;
        const u8 = new Uint8Array(bytes);
        const ab = new Uint8Array([9, 8, 7, 255, 0]).buffer;
        // emit with a callback (emitWithAck resolves with the first answer only)
        const ask = (...args: unknown[]) =>
          new Promise<unknown[]>((resolve, reject) => {
            s.timeout(8000).emit(...(args as [string]), (err: Error | null, ...answer: unknown[]) => (err ? reject(err) : resolve(answer)));
          });
        const binAck = await ask("bin", u8, ab);
        const fromServer = new Promise<unknown[]>((resolve) => s.once("bin-from-server", (...args: unknown[]) => resolve(args)));
        s.emit("want-bin");
        const [pushed, label] = await fromServer;
        const [echo, serverTexts] = (await ask("text", texts)) as [string[], string[]];
        const [reversed, nested] = binAck as [ArrayBuffer, { nested: ArrayBuffer[] }];
        return {
          ackKind: Object.prototype.toString.call(reversed),
          ackBytes: [...new Uint8Array(reversed)],
          nestedBytes: [...new Uint8Array(nested.nested[0] as ArrayBuffer)],
          pushedKind: Object.prototype.toString.call(pushed),
          pushedBytes: [...new Uint8Array(pushed as ArrayBuffer)],
          label,
          echo,
          serverTexts,
        };
      },
      { texts: TEXTS, bytes: BYTES },
    );
  }

  function expectExchange(result: Awaited<ReturnType<typeof exchange>>) {
    expect(serverSaw.binKinds).to.deep.equal(["Buffer", "Buffer"]);
    expect(serverSaw.bytes).to.deep.equal([BYTES, [9, 8, 7, 255, 0]]);
    expect(result.ackKind).to.equal("[object ArrayBuffer]");
    expect(result.ackBytes).to.deep.equal([...BYTES].reverse());
    expect(result.nestedBytes).to.deep.equal([1, 2, 3]);
    expect(result.pushedKind).to.equal("[object ArrayBuffer]");
    expect(result.pushedBytes).to.deep.equal(BYTES);
    expect(result.label).to.equal("label ✓");
    expect(serverSaw.text).to.deep.equal([TEXTS]);
    expect(result.echo).to.deep.equal(TEXTS);
    expect(result.serverTexts).to.deep.equal(SERVER_TEXTS);
  }

  it("connects over polling, upgrades to websocket, then exchanges binary and UTF-8 text", async () => {
    const open = await pages.open("/");
    const start = await connectPageSocket(open.page);
    expect(start.transport, "a default client starts with polling").to.equal("polling");
    expect(pages.server.sockets.sockets.has(start.id)).to.equal(true);

    const upgraded = await waitForWebSocket(open.page);
    expect(upgraded).to.equal("websocket");
    await until(() => upgrades.length > 0, 5000);
    expect(upgrades).to.deep.equal(["websocket"]);
    expect(pages.server.sockets.sockets.get(start.id)?.conn.transport.name).to.equal("websocket");

    expectExchange(await exchange(open.page));
    expect(open.errors).to.deep.equal([]);
  });

  it("exchanges the same binary and UTF-8 text over polling only (base64 in payloads)", async () => {
    const open = await pages.open("/");
    const { transport } = await connectPageSocket(open.page, { transports: ["polling"] });
    expect(transport).to.equal("polling");
    expectExchange(await exchange(open.page));
    expect(upgrades, "a polling-only client never upgrades").to.deep.equal([]);
    expect(open.errors).to.deep.equal([]);
  });
});

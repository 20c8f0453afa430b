/**
 * Helpers for the browser specs: a small node:http server that answers a few
 * fixed pages and files (and lets a volley or socket.io server share it), a
 * fresh browser page per test, one call that closes everything, and
 * {@link useBrowserPage}, which wires all of that into mocha hooks.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { io as volleyIo } from "../../client/index.js";
import { launchBrowser } from "./browser.js";

/** dist/bundle/ of this checkout: the files `npm run build` writes. */
export const BUNDLE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "bundle");

/** One answer of the static handler. */
export interface StaticFile {
  type: string;
  body: string | Buffer;
}

/** An HTML page whose head holds `head` (script tags) and whose body is empty. */
export function htmlPage(head: string): StaticFile {
  return {
    type: "text/html; charset=utf-8",
    body: `<!doctype html><html><head><meta charset="utf-8">${head}</head><body></body></html>`,
  };
}

/** A file of dist/bundle/, read now (so a test sees the bundle built before it ran). */
export function bundleFile(name: string): StaticFile {
  return { type: "application/javascript; charset=utf-8", body: readFileSync(join(BUNDLE_DIR, name)) };
}

/** An HTTP server on 127.0.0.1:0 that answers `files` by path and 404 otherwise. */
export interface StaticServer {
  httpServer: HttpServer;
  url: string;
  /** Every path requested so far, in order (query strings dropped). */
  requested: string[];
}

/**
 * Creates (not yet listening) an HTTP server answering `files`; attach a
 * volley or socket.io server to it, then call {@link listen}.
 *
 * @example
 * const srv = createStaticServer({ "/": htmlPage('<script src="/socket.io/socket.io.js"></script>') });
 * const io = new Server(srv.httpServer);
 * await listen(srv);
 */
export function createStaticServer(files: Record<string, StaticFile>): StaticServer {
  const requested: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? "/").split("?")[0] as string;
    requested.push(path);
    const file = files[path];
    if (path === "/favicon.ico" && !file) {
      // browsers ask for it on their own; a 404 would show up as a console error
      res.writeHead(204);
      res.end();
      return;
    }
    if (!file) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("Not Found");
      return;
    }
    res.writeHead(200, { "Content-Type": file.type, "Cache-Control": "no-store" });
    res.end(file.body);
  };
  const httpServer = createServer(handler);
  return { httpServer, url: "", requested };
}

/** Starts listening on 127.0.0.1:0 and fills in `srv.url`. */
export async function listen(srv: StaticServer): Promise<string> {
  await new Promise<void>((resolve) => srv.httpServer.listen(0, "127.0.0.1", resolve));
  srv.url = `http://127.0.0.1:${(srv.httpServer.address() as AddressInfo).port}`;
  return srv.url;
}

/**
 * Closes a server that owns `httpServer` (volley's or socket.io's `close()`),
 * sweeping keep-alive connections so a last polling request cannot hang it.
 *
 * @example
 * await closeServer(io, srv.httpServer);
 */
export async function closeServer(io: { close(): unknown }, httpServer: HttpServer): Promise<void> {
  const sweeper = setInterval(() => httpServer.closeIdleConnections(), 20);
  const fallback = setTimeout(() => httpServer.closeAllConnections(), 1000);
  try {
    await Promise.race([
      io.close(),
      new Promise<void>((resolve) => httpServer.once("close", () => resolve())),
    ]);
    if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
  } finally {
    clearInterval(sweeper);
    clearTimeout(fallback);
  }
}

/** A fresh context and page; close with {@link closePage}. */
export interface OpenPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, for assertion messages. */
  errors: string[];
}

/**
 * Opens `url` in a fresh browser context (no shared cache or cookies).
 *
 * @example
 * const { page } = await openPage(browser, srv.url + "/");
 */
export async function openPage(browser: Browser, url: string): Promise<OpenPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  // tsx may wrap named functions in __name(): page.evaluate sends their source, so the page needs it too
  await page.addInitScript("window.__name = window.__name || ((fn) => fn);");
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`${msg.text()} (${msg.location().url})`);
  });
  await page.goto(url, { timeout: 10000 });
  return { context, page, errors };
}

/** Closes a page opened by {@link openPage} (ignores one already closed). */
export async function closePage(open: OpenPage | undefined): Promise<void> {
  if (!open) return;
  await open.context.close().catch(() => undefined);
}

/** What {@link useBrowserPage} needs: the files to serve and the realtime server sharing their HTTP server. */
export interface BrowserPageOptions<S extends { close(): unknown }> {
  /** Called before each test, so {@link bundleFile} reads the bundle as built at that moment. */
  files: () => Record<string, StaticFile>;
  /** Attaches a volley or socket.io server (with its handlers) to the not yet listening HTTP server. */
  serverFactory: (httpServer: HttpServer) => S;
}

/** The per-test state {@link useBrowserPage} hands out; read it inside tests and hooks only. */
export interface BrowserPageFixture<S> {
  /** The Chromium shared by every test of the suite. */
  readonly browser: Browser;
  /** This test's server, made by `serverFactory`. */
  readonly server: S;
  /** This test's static HTTP server (its `requested` paths, its `httpServer`). */
  readonly site: StaticServer;
  /** `http://127.0.0.1:PORT` of this test's server. */
  readonly url: string;
  /** Opens `path` of this test's server in a fresh context; closed after the test. */
  open(path?: string): Promise<OpenPage>;
}

/**
 * Registers mocha hooks on the calling suite: Chromium launched once
 * (before/after), and for each test a static HTTP server with the server of
 * `serverFactory` on it, listening on 127.0.0.1:0 (beforeEach), then every page
 * the test opened and the server closed (afterEach). Call it in a `describe` body.
 *
 * @example
 * describe("browser: something", function () {
 *   const pages = useBrowserPage({
 *     files: () => ({ "/": htmlPage('<script src="/socket.io/socket.io.js"></script>') }),
 *     serverFactory: (httpServer) => new Server(httpServer, { pingInterval: 300 }),
 *   });
 *   it("connects", async () => {
 *     const { page } = await pages.open("/");
 *     // ...
 *   });
 * });
 */
export function useBrowserPage<S extends { close(): unknown }>(options: BrowserPageOptions<S>): BrowserPageFixture<S> {
  let browser: Browser | undefined;
  let current: { site: StaticServer; server: S } | undefined;
  let opened: OpenPage[] = [];

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    browser = undefined;
  });

  beforeEach(async () => {
    const site = createStaticServer(options.files());
    current = { site, server: options.serverFactory(site.httpServer) };
    await listen(site);
  });
  afterEach(async () => {
    const pages = opened;
    opened = [];
    for (const open of pages) await closePage(open);
    const ending = current;
    current = undefined;
    if (ending) await closeServer(ending.server, ending.site.httpServer);
  });

  const running = (): { site: StaticServer; server: S } => {
    if (!current) throw new Error("useBrowserPage: the fixture is only available inside a test or its hooks");
    return current;
  };
  return {
    get browser() {
      if (!browser) throw new Error("useBrowserPage: Chromium is not running (outside the suite's tests?)");
      return browser;
    },
    get server() {
      return running().server;
    },
    get site() {
      return running().site;
    },
    get url() {
      return running().site.url;
    },
    async open(path = "/") {
      const open = await openPage(this.browser, this.url + path);
      opened.push(open);
      return open;
    },
  };
}

/**
 * Connects a socket in the page with the page's global `io` (`reconnection: false`
 * plus `opts`), stores it as `window.s`, and resolves once it is connected with
 * its id and the transport the connection opened on (rejects on connect_error).
 * That is read when the engine opens, not at "connect": the namespace's
 * CONNECT reply may already arrive over an upgraded WebSocket when the
 * server handled it after the upgrade's probe.
 *
 * @example
 * const { id, transport } = await connectPageSocket(open.page, { transports: ["polling"] });
 */
export async function connectPageSocket(page: Page, opts: Record<string, unknown> = {}): Promise<{ id: string; transport: string }> {
  return page.evaluate(async (opts) => {
    const w = window as unknown as { io: typeof volleyIo; s?: ReturnType<typeof volleyIo> };
    const s = w.io({ reconnection: false, ...opts });
    w.s = s;
    let openedOn = "";
    s.io.on("open", () => (openedOn = s.io.engine.transport.name));
    return new Promise<{ id: string; transport: string }>((resolve, reject) => {
      s.on("connect_error", (err: Error) => reject(err));
      s.on("connect", () => resolve({ id: s.id as string, transport: openedOn }));
    });
  }, opts);
}

/**
 * Waits in the page until the engine of the socket stored as `window.s` runs
 * on WebSocket (at most 8 s, then rejects), and resolves with its transport name.
 *
 * @example
 * await open.page.evaluate(() => { window.s = io({ reconnection: false }); });
 * expect(await waitForWebSocket(open.page)).to.equal("websocket");
 */
export async function waitForWebSocket(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const s = (window as unknown as { s: ReturnType<typeof volleyIo> }).s;
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
    return engine.transport.name;
  });
}

/**
 * The client's behavioural suite (spec/client/suite.ts) against the MINIFIED
 * browser bundle, in Node, against volley's server, in every transport mode.
 *
 * Why: the other client specs run client/*.ts, but users get
 * dist/bundle/socket.io(.esm).min.js, made by terser with aggressive options
 * (unsafe compress, mangled "_" properties; see rollup.config.mjs). A terser
 * miscompilation once went unnoticed because no spec ran the minified code.
 *
 * The bundle is the browser build, so Node 20 lacks some of what it expects:
 *  - WebSocket: the bundle uses `opts.WebSocket ?? WebSocket`; we pass `ws`'s
 *    class in the options rather than setting a global;
 *  - FileReader: the browser encoder (client/engine/parser.ts) base64-encodes binary
 *    sent over polling with FileReader.readAsDataURL; a minimal stand-in is
 *    installed for this spec only (see installFileReader);
 *  - fetch, Blob, atob, TextEncoder/TextDecoder: Node 20 has them.
 * Binary then arrives as ArrayBuffer (binaryType "arraybuffer"), not Buffer;
 * the suite compares bytes representation-neutrally.
 *
 * Needs `npm run build` first, like spec/bundle/size.spec.ts.
 */
import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createContext, runInContext } from "node:vm";
import { WebSocketServer, WebSocket as WsWebSocket } from "ws";
import { Server } from "../../lib/index.js";
import { clientSuite } from "../client/suite.js";
import { ACCEPTED_CLIENT_OPTIONS, REFUSED_CLIENT_OPTIONS } from "../support/client-option-cases.js";
import { startServer, once, type ServerFactory, type TestServer } from "../support/client-helpers.js";
import type { io as sourceIo } from "../../client/index.js";

const BUNDLE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "bundle");
const ESM_BUNDLE = join(BUNDLE_DIR, "socket.io.esm.min.js");
const IIFE_BUNDLE = join(BUNDLE_DIR, "socket.io.min.js");

type Io = typeof sourceIo;

const volleyFactory: ServerFactory = {
  name: "volley",
  create: (http, opts) => new Server(http, opts),
};

/** A bundle's path; a missing file fails with the command that makes it. */
function bundlePath(file: string): string {
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" before this spec`);
  return file;
}

/**
 * A minimal FileReader, only what engine.io-parser's browser encodePacket
 * uses: `new FileReader()`, `onload`, `readAsDataURL(blob)` and `result`
 * ("data:<type>;base64,<data>", of which it keeps what follows the comma).
 * Node 20 has no FileReader; without it every binary emit over polling
 * throws inside the bundle. Returns the function that restores the previous
 * global, so the stand-in does not leak into other specs.
 */
function installFileReader(): () => void {
  const had = Object.prototype.hasOwnProperty.call(globalThis, "FileReader");
  const previous = (globalThis as { FileReader?: unknown }).FileReader;
  class NodeFileReader {
    result: string | null = null;
    onload: ((this: NodeFileReader) => void) | null = null;
    readAsDataURL(blob: Blob): void {
      // asynchronous, like the browser's: onload runs after readAsDataURL returns
      void blob.arrayBuffer().then((buffer) => {
        this.result = `data:${blob.type || "application/octet-stream"};base64,${Buffer.from(buffer).toString("base64")}`;
        this.onload?.call(this);
      });
    }
  }
  (globalThis as { FileReader?: unknown }).FileReader = NodeFileReader;
  return () => {
    if (had) (globalThis as { FileReader?: unknown }).FileReader = previous;
    else delete (globalThis as { FileReader?: unknown }).FileReader;
  };
}

describe("bundle/min-bundle-client: the minified browser bundle in Node", () => {
  let bundleIo: Io | undefined;
  let restoreFileReader: (() => void) | undefined;

  // loaded in a hook rather than at import, so a missing bundle fails this
  // spec with the "run npm run build" message instead of aborting the whole run
  before(async () => {
    const mod = (await import(pathToFileURL(bundlePath(ESM_BUNDLE)).href)) as { io: Io };
    bundleIo = mod.io;
    restoreFileReader = installFileReader();
  });

  after(() => restoreFileReader?.());

  // `io` is read when a test calls it, after the before() hook above loaded it
  clientSuite(volleyFactory, {
    name: "socket.io.esm.min.js",
    io: ((...args: Parameters<Io>) => bundleIo!(...args)) as Io,
    opts: { WebSocket: WsWebSocket },
  });

  describe("malformed binary records", () => {
    let http: HttpServer | undefined;
    let wss: WebSocketServer | undefined;
    afterEach(() => {
      wss?.close();
      http?.close();
    });

    // The browser build decodes "b" + base64 records with atob, which throws on
    // characters outside the alphabet (Node's Buffer decoder never does, so
    // only the bundle has this path): the client must close with "parse
    // error" instead of leaving an unhandled rejection and a dead poll loop.
    it('closes with "parse error" on invalid base64 in a binary record', async () => {
      http = createServer((req, res) => {
        if (req.method === "POST") return void req.resume().on("end", () => res.end("ok"));
        const handshake = !req.url!.includes("sid=");
        res.end(handshake ? '0{"sid":"s1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}' : "b!!not base64!!");
      });
      await new Promise<void>((resolve) => http!.listen(0, "127.0.0.1", resolve));
      const { port } = http.address() as AddressInfo;
      const client = bundleIo!(`http://127.0.0.1:${port}`, { forceNew: true, transports: ["polling"], reconnection: false });
      const [reason] = await once(client.io, "close");
      expect(reason).to.equal("parse error");
      client.disconnect();
    });

    it('closes with "parse error" on invalid base64 in a WebSocket text frame', async () => {
      http = createServer();
      wss = new WebSocketServer({ server: http });
      wss.on("connection", (ws) => {
        ws.send('0{"sid":"s1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
        ws.send("b!!not base64!!");
      });
      await new Promise<void>((resolve) => http!.listen(0, "127.0.0.1", resolve));
      const { port } = http.address() as AddressInfo;
      const client = bundleIo!(`http://127.0.0.1:${port}`, { forceNew: true, transports: ["websocket"], reconnection: false, WebSocket: WsWebSocket });
      const [reason] = await once(client.io, "close");
      expect(reason).to.equal("parse error");
      client.disconnect();
    });
  });

  describe("refuses what cannot work, in short", () => {
    let server: Server | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it("each refused numeric option throws its error class with the option's name (the minifier keeps NaN refused)", () => {
      for (const [option, value, error] of REFUSED_CLIENT_OPTIONS) {
        let err: unknown;
        try {
          bundleIo!("http://127.0.0.1:1", { [option]: value, autoConnect: false, forceNew: true });
        } catch (thrown) {
          err = thrown;
        }
        expect(err, `${option}: ${String(value)}`).to.be.instanceOf(error);
        expect((err as Error).message).to.equal(`bad option ${option}`);
      }
      for (const opts of ACCEPTED_CLIENT_OPTIONS) {
        expect(() => bundleIo!("http://127.0.0.1:1", { ...opts, autoConnect: false, forceNew: true }), JSON.stringify(opts)).not.to.throw();
      }
    });

    it('a path without its leading slash is the server\'s; a 404 says "wrong path?" and the URL', async () => {
      const httpServer = createServer();
      server = new Server(httpServer, { path: "rt" });
      await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
      const origin = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
      const right = bundleIo!(origin, { path: "rt", transports: ["polling"], forceNew: true, reconnection: false });
      await once(right, "connect");
      right.disconnect();
      const wrong = bundleIo!(origin, { transports: ["polling"], forceNew: true, reconnection: false });
      const [err] = await once(wrong, "connect_error");
      expect((err as Error).message).to.equal(`polling handshake failed: HTTP 404 — wrong path? ${origin}/socket.io/`);
      wrong.disconnect();
    });
  });

  describe("socket.io.min.js (script tag) is the same client", () => {
    let server: TestServer | undefined;
    let socket: { disconnect(): void } | undefined;

    afterEach(async () => {
      socket?.disconnect();
      await server?.close();
    });

    it("connects and emits with an ack from a vm context with the page globals it needs", async () => {
      server = await startServer(volleyFactory);
      server.io.on("connection", (s: { on(ev: string, fn: (...a: never[]) => void): void }) =>
        s.on("double", (n: number, ack: (v: number) => void) => ack(n * 2)),
      );
      // what a page provides and the bundle uses; WebSocket is injected per
      // connection below, as for the ESM bundle. The context's own builtins
      // (Object, Array, Promise, ...) come from the vm, as in a page.
      const context = createContext({
        URL,
        URLSearchParams,
        queueMicrotask,
        setTimeout,
        clearTimeout,
        setInterval,
        clearInterval,
        fetch,
        Blob,
        TextEncoder,
        TextDecoder,
        atob,
        btoa,
        AbortController,
        FileReader: (globalThis as { FileReader?: unknown }).FileReader,
      });
      runInContext(readFileSync(bundlePath(IIFE_BUNDLE), "utf8"), context, { filename: "socket.io.min.js" });
      const iifeIo = (context as { io?: Io }).io;
      expect(iifeIo, "global io").to.be.a("function");

      const client = iifeIo!(server.url, { forceNew: true, WebSocket: WsWebSocket });
      socket = client;
      await once(client, "connect");
      expect(client.id).to.be.a("string");
      // the vm realm's Promise: compare the value only
      expect(await client.timeout(2000).emitWithAck("double", 21)).to.equal(42);
      // the default mode upgrades: the same emit once the WebSocket carries the session
      await new Promise<void>((resolve) =>
        client.io.engine!.transport.name === "websocket" ? resolve() : client.io.engine!.once("upgrade", () => resolve()),
      );
      expect(await client.timeout(2000).emitWithAck("double", 5)).to.equal(10);
    });
  });
});

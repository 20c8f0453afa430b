/**
 * Options that cannot work are refused at construction, by the Engine and by
 * the Server alike (lib/engine/validate-options.ts, lib/options.ts), with a
 * TypeError or RangeError naming the option, what it accepts and what it got.
 */
import { expect } from "chai";
import { createServer } from "node:http";
import { Engine, type EngineOptions } from "../../lib/engine/index.js";
import { Server } from "../../lib/index.js";
import type { ServerOptions } from "../../lib/options.js";
import { rawRequest, startEngine, type TestEngine } from "../support/engine-helpers.js";

type Refused = [option: string, options: Record<string, unknown>, error: typeof TypeError | typeof RangeError, shown: string];

/** One bad value per rule of the engine's table; each is refused by the Engine and by the Server. */
const REFUSED_BY_ENGINE: Refused[] = [
  ["pingInterval", { pingInterval: "25s" }, TypeError, 'got "25s" (string)'],
  ["pingInterval", { pingInterval: -1 }, RangeError, "got -1 (number)"],
  ["pingInterval", { pingInterval: NaN }, RangeError, "got NaN (number)"],
  ["pingInterval", { pingInterval: Infinity }, RangeError, "got Infinity (number)"],
  ["pingInterval", { pingInterval: 2 ** 31 }, RangeError, "setTimeout's limit"],
  ["pingTimeout", { pingTimeout: "20000" }, TypeError, 'got "20000" (string)'],
  ["upgradeTimeout", { upgradeTimeout: -5 }, RangeError, "got -5"],
  ["postBodyTimeout", { postBodyTimeout: true }, TypeError, "got true (boolean)"],
  ["maxHttpBufferSize", { maxHttpBufferSize: Infinity }, RangeError, "a finite number of bytes"],
  ["maxHttpBufferSize", { maxHttpBufferSize: "1mb" }, TypeError, 'got "1mb"'],
  ["maxBufferedBytes", { maxBufferedBytes: -1 }, RangeError, "Infinity for no limit"],
  ["transports", { transports: "websocket" }, TypeError, 'got "websocket" (string)'],
  ["transports", { transports: [] }, RangeError, "a non-empty array"],
  ["transports", { transports: ["polling", "xhr-polling"] }, RangeError, 'got an array ["polling","xhr-polling"]'],
  ["allowUpgrades", { allowUpgrades: "no" }, TypeError, "true or false"],
  ["allowRequest", { allowRequest: true }, TypeError, "a function"],
  ["cors", { cors: "*" }, TypeError, "for a function, use cors.origin"],
  ["cors", { cors: () => undefined }, TypeError, "got a function"],
  ["cors.origin", { cors: { origin: "https://example.com/" } }, RangeError, 'got "https://example.com/" (string)'],
  ["cors.origin", { cors: { origin: "example.com" } }, RangeError, "scheme and host"],
  ["cors.origin", { cors: { origin: ["http://a.test", "http://b.test/app"] } }, RangeError, "an array"],
  ["cors.origin", { cors: { origin: 42 } }, TypeError, "got 42 (number)"],
  ["cors.origin", { cors: { origin: [/a/, 3] } }, TypeError, "a RegExp"],
  ["cors.credentials", { cors: { credentials: "true" } }, TypeError, "true or false"],
  ["cors.methods", { cors: { methods: ["GET", 1] } }, TypeError, "an array of strings"],
  ["cors.allowedHeaders", { cors: { allowedHeaders: 1 } }, TypeError, "a string or"],
  ["cors.exposedHeaders", { cors: { exposedHeaders: {} } }, TypeError, "got an object"],
  ["cors.maxAge", { cors: { maxAge: -1 } }, RangeError, "seconds"],
  ["cookie", { cookie: "io" }, TypeError, "an object of settings"],
  ["cookie.name", { cookie: { name: "my cookie" } }, RangeError, "cookie name"],
  ["cookie.domain", { cookie: { domain: 1 } }, TypeError, "a string"],
  ["cookie.path", { cookie: { path: true } }, TypeError, "a string or false"],
  ["cookie.maxAge", { cookie: { maxAge: Infinity } }, RangeError, "finite"],
  ["cookie.sameSite", { cookie: { sameSite: "relaxed" } }, RangeError, '"lax"'],
  ["perMessageDeflate", { perMessageDeflate: 1 }, TypeError, "an object of settings"],
  ["httpCompression", { httpCompression: "gzip" }, TypeError, "an object of settings"],
  ["httpCompression.threshold", { httpCompression: { threshold: -1 } }, RangeError, "bytes"],
  ["generateId", { generateId: "uuid" }, TypeError, "a function"],
  ["wsEngine", { wsEngine: {} }, TypeError, "a function"],
];

/** The Server's own options, on top of the engine's. */
const REFUSED_BY_SERVER: Refused[] = [
  ["path", { path: 5 }, TypeError, "a URL path"],
  ["path", { path: "" }, RangeError, '""'],
  ["path", { path: "http://localhost:3000/socket.io/" }, RangeError, "no scheme, host"],
  ["path", { path: "/socket.io/?EIO=4" }, RangeError, "query"],
  ["serveClient", { serveClient: "yes" }, TypeError, "true or false"],
  ["connectTimeout", { connectTimeout: "45s" }, TypeError, 'got "45s"'],
  ["connectTimeout", { connectTimeout: -1 }, RangeError, "got -1"],
  ["adapter", { adapter: "redis" }, TypeError, "a function"],
  ["connectionStateRecovery", { connectionStateRecovery: "on" }, TypeError, "an object of settings"],
  ["connectionStateRecovery.maxDisconnectionDuration", { connectionStateRecovery: { maxDisconnectionDuration: "2m" } }, TypeError, "milliseconds"],
  ["connectionStateRecovery.skipMiddlewares", { connectionStateRecovery: { skipMiddlewares: 1 } }, TypeError, "true or false"],
  ["cleanupEmptyChildNamespaces", { cleanupEmptyChildNamespaces: "true" }, TypeError, "true or false"],
  ["maxAttachments", { maxAttachments: -1 }, RangeError, "attachments"],
  ["maxNestingDepth", { maxNestingDepth: NaN }, RangeError, "levels"],
  ["maxNamespacesPerConnection", { maxNamespacesPerConnection: "100" }, TypeError, "namespaces"],
  ["destroyUpgrade", { destroyUpgrade: "false" }, TypeError, "true or false"],
  ["destroyUpgradeTimeout", { destroyUpgradeTimeout: -1 }, RangeError, "milliseconds"],
];

function expectRefusal(make: () => unknown, [option, , error, shown]: Refused): void {
  let thrown: unknown;
  try {
    make();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, `${option}: nothing thrown`).to.be.instanceOf(error);
  const message = (thrown as Error).message;
  expect(message).to.match(new RegExp(`^volley: option "${option.replace(/\./g, "\\.")}" must be `));
  expect(message).to.include(shown);
}

describe("engine/validate-options: options that cannot work are refused at construction", () => {
  it('names the option, what it accepts and what it got: pingInterval "25s"', () => {
    expect(() => new Engine({ pingInterval: "25s" } as never)).to.throw(
      TypeError,
      'volley: option "pingInterval" must be a finite number of milliseconds >= 0 (at most 2147483647, setTimeout\'s limit), got "25s" (string)',
    );
  });

  describe("new Engine(opts)", () => {
    for (const refused of REFUSED_BY_ENGINE) {
      it(`refuses ${refused[0]}: ${JSON.stringify(refused[1], (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v))}`, () => {
        expectRefusal(() => new Engine(refused[1] as EngineOptions), refused);
      });
    }
  });

  describe("new Server(opts) and new Server(httpServer, opts)", () => {
    for (const refused of [...REFUSED_BY_ENGINE, ...REFUSED_BY_SERVER]) {
      it(`refuses ${refused[0]}: ${JSON.stringify(refused[1], (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v))}`, () => {
        expectRefusal(() => new Server(refused[1] as ServerOptions), refused);
        const httpServer = createServer();
        expectRefusal(() => new Server(httpServer, refused[1] as ServerOptions), refused);
        // refused before anything was attached
        expect(httpServer.listenerCount("request") + httpServer.listenerCount("upgrade")).to.equal(0);
      });
    }
  });

  it("the Server's setters and attach()/listen() options are checked too", () => {
    const io = new Server();
    expect(() => io.path("/rt?x=1")).to.throw(RangeError, '"path"');
    expect(io.path()).to.equal("/socket.io");
    expect(() => io.connectTimeout("10s" as never)).to.throw(TypeError, '"connectTimeout"');
    expect(io.connectTimeout()).to.equal(45000);
    expect(() => io.serveClient("no" as never)).to.throw(TypeError, '"serveClient"');
    const httpServer = createServer();
    expect(() => io.attach(httpServer, { pingTimeout: -1 })).to.throw(RangeError, '"pingTimeout"');
    expect(httpServer.listenerCount("request")).to.equal(0);
  });

  it("engine.attach() checks its options (path, destroyUpgrade, destroyUpgradeTimeout)", () => {
    const engine = new Engine();
    const httpServer = createServer();
    expect(() => engine.attach(httpServer, { path: "/x#y" })).to.throw(RangeError, '"path"');
    expect(() => engine.attach(httpServer, { destroyUpgrade: 0 as never })).to.throw(TypeError, '"destroyUpgrade"');
    expect(() => engine.attach(httpServer, { destroyUpgradeTimeout: Infinity })).to.throw(RangeError, '"destroyUpgradeTimeout"');
    expect(httpServer.listenerCount("upgrade")).to.equal(0);
  });

  it("accepts every documented form, and undefined or null as the default", () => {
    const accepted: ServerOptions[] = [
      {},
      { pingInterval: 0, pingTimeout: 1, upgradeTimeout: 2 ** 31 - 1, maxBufferedBytes: Infinity, maxAttachments: Infinity },
      { pingInterval: undefined, pingTimeout: null as never, cors: null as never },
      { transports: ["websocket"], allowUpgrades: false, serveClient: false, path: "/" },
      { cors: false },
      { cors: { origin: "*", credentials: true, methods: "GET,POST", allowedHeaders: ["x-a"], exposedHeaders: "x-b", maxAge: 600 } },
      { cors: { origin: true } },
      { cors: { origin: "null" } },
      { cors: { origin: "capacitor://localhost" } },
      { cors: { origin: "http://[::1]:3000" } },
      { cors: { origin: ["https://a.example", /\.b\.example$/] } },
      { cors: { origin: (origin, cb) => cb(null, origin === "https://a.example") } },
      { cookie: true },
      { cookie: { name: "io", path: false, sameSite: "strict", maxAge: 60, domain: "example.com" } },
      { perMessageDeflate: { threshold: 512 }, httpCompression: { threshold: 0, level: 1 } },
      { connectionStateRecovery: {} },
      { connectionStateRecovery: { maxDisconnectionDuration: 1000, skipMiddlewares: false } },
      { destroyUpgrade: false, destroyUpgradeTimeout: 0 },
    ];
    for (const opts of accepted) {
      expect(() => new Engine(opts), JSON.stringify(opts)).not.to.throw();
      expect(() => new Server(opts), JSON.stringify(opts)).not.to.throw();
    }
  });
});

describe("engine/validate-options: a path without its leading slash is the path the app meant", () => {
  let t: TestEngine | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('engine.attach(server, { path: "live" }) answers at /live/', async () => {
    t = await startEngine(undefined, { path: "live" });
    const res = await rawRequest(t.port, "GET", "/live/?EIO=4&transport=polling");
    expect(res.status).to.equal(200);
    expect(res.body).to.match(/^0\{"sid":/);
    expect(t.engine.clientsCount).to.equal(1);
  });

  it('new Server({ path: "rt" }) answers at /rt/ and says so', () => {
    const io = new Server({ path: "rt" });
    expect(io.path()).to.equal("/rt");
    expect(io.opts.path).to.equal("/rt/");
    expect(new Server({ path: "rt/" }).path()).to.equal("/rt");
    expect(io.path("socket.io").path()).to.equal("/socket.io");
  });
});

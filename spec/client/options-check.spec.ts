/**
 * The client refuses what cannot work and says why: numeric options that are
 * not numbers >= 0 (client/check-options.ts), a path without its leading
 * slash is the path the app meant, and a 404 on the handshake names the path
 * that was used (client/engine/errors.messages.ts).
 */
import { expect } from "chai";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io, Manager, TransportError } from "../../client/index.js";
import { resolveOptions } from "../../client/engine/options.js";
import { Server } from "../../lib/index.js";
import { ACCEPTED_CLIENT_OPTIONS, REFUSED_CLIENT_OPTIONS } from "../support/client-option-cases.js";

function thrown(make: () => unknown): unknown {
  try {
    make();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe("client: options that cannot work are refused at construction", () => {
  for (const [option, value, error] of REFUSED_CLIENT_OPTIONS) {
    it(`refuses ${option}: ${typeof value === "string" ? JSON.stringify(value) : String(value)} (new Manager, io(), manager.socket())`, () => {
      const opts = { [option]: value, autoConnect: false };
      for (const make of [
        () => new Manager("http://127.0.0.1:1", opts),
        () => io("http://127.0.0.1:1", { ...opts, forceNew: true }),
        () => new Manager("http://127.0.0.1:1", { autoConnect: false }).socket("/", { [option]: value }),
      ]) {
        const err = thrown(make);
        expect(err, "nothing thrown").to.be.instanceOf(error);
        expect((err as Error).message).to.match(new RegExp(`^volley: option "${option}" must be a (finite )?number >= 0`));
        expect((err as Error).message).to.include(`, got ${typeof value === "string" ? JSON.stringify(value) : String(value)} (${typeof value})`);
      }
    });
  }

  it('names what it accepts: pingInterval-style "20s" as a timeout', () => {
    expect(() => new Manager({ timeout: "20s" as never, autoConnect: false })).to.throw(
      TypeError,
      'volley: option "timeout" must be a finite number >= 0 (at most 2147483647), or false, got "20s" (string)',
    );
    expect(() => new Manager({ reconnectionAttempts: -1, autoConnect: false })).to.throw(
      RangeError,
      'volley: option "reconnectionAttempts" must be a number >= 0 (Infinity for no limit), got -1 (number)',
    );
  });

  it("accepts every form that works", () => {
    for (const opts of ACCEPTED_CLIENT_OPTIONS) {
      expect(() => new Manager({ ...opts, autoConnect: false }).socket("/", opts), JSON.stringify(opts)).not.to.throw();
    }
  });
});

describe("client: a path without its leading slash (or one transport name) is what the app meant", () => {
  let httpServer: HttpServer | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await server?.close();
    server = httpServer = undefined;
  });

  it('resolves "socket.io" as "/socket.io/" (and keeps the trailing-slash choice)', () => {
    expect(resolveOptions("http://example.com", { path: "socket.io" }).path).to.equal("/socket.io/");
    expect(resolveOptions("http://example.com", { path: "rt/" }).path).to.equal("/rt/");
    expect(resolveOptions("http://example.com", { path: "rt", addTrailingSlash: false }).path).to.equal("/rt");
    expect(resolveOptions("http://example.com", { path: "/" }).path).to.equal("/");
  });

  it('takes transports: "websocket" (one name, not an array) as ["websocket"]', () => {
    expect(resolveOptions("http://example.com", { transports: "websocket" as never }).transports).to.deep.equal(["websocket"]);
    expect(resolveOptions("http://example.com", { transports: ["websocket", "polling"] }).transports).to.deep.equal(["websocket", "polling"]);
    expect(resolveOptions("http://example.com", {}).transports).to.deep.equal(["polling", "websocket"]);
  });

  it('a client with path "rt" connects to a server with path "rt", over polling and websocket', async () => {
    httpServer = createServer();
    server = new Server(httpServer, { path: "rt" });
    await new Promise<void>((resolve) => httpServer!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    for (const transports of [["polling"], ["websocket"]] as const) {
      const socket = io(url, { path: "rt", transports: [...transports], forceNew: true, reconnection: false });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once("connect", resolve);
          socket.once("connect_error", reject);
        });
        expect(socket.io.engine.transport.name).to.equal(transports[0]);
      } finally {
        socket.disconnect();
      }
    }
  });
});

describe("client: a 404 on the handshake names the path that was used", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("polling handshake failed: HTTP 404 — nothing answers at <path> on <origin>; is the server's path the same?", async () => {
    const httpServer = createServer();
    server = new Server(httpServer, { path: "/realtime/" });
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    const socket = io(origin, { transports: ["polling"], forceNew: true, reconnection: false });
    try {
      const err = await new Promise<Error>((resolve) => socket.once("connect_error", resolve));
      expect(err).to.be.instanceOf(TransportError);
      expect((err as TransportError).status).to.equal(404);
      expect(err.message).to.equal(
        `polling handshake failed: HTTP 404 — nothing answers at /socket.io/ on ${origin}; is the server's "path" option the same?`,
      );
    } finally {
      socket.disconnect();
    }
  });

  it("says so without the location when the response has no url (a test double's fetch)", () => {
    const err = new TransportError("polling", "handshake", { status: 404, body: "Not Found", context: new Response("Not Found", { status: 404 }) });
    expect(err.message).to.equal(`polling handshake failed: HTTP 404 — nothing answers; is the server's "path" option the same?`);
  });
});

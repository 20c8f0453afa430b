/**
 * socket.request: what a session keeps of its handshake request
 * (lib/engine/handshake-request.ts). Without engine middlewares it is a
 * HandshakeRequest holding headers, url, method, HTTP version and the
 * connection; with a middleware, or `retainRequest: true`, the real
 * IncomingMessage, so what middlewares put on it stays readable.
 */
import { expect } from "chai";
import { IncomingMessage } from "node:http";
import { HandshakeRequest } from "../../lib/engine/index.js";
import { TRANSPORT_MODES, startServer, waitFor, type TestServer } from "../support/server-helpers.js";
import type { Socket } from "../../lib/index.js";

async function connectedSocket(srv: TestServer): Promise<Socket> {
  const connection = waitFor<[Socket]>(srv.io, "connection");
  const client = srv.client("/", { extraHeaders: { "x-token": "abc" }, query: { lang: "fr" } });
  const [[socket]] = await Promise.all([connection, waitFor(client, "connect")]);
  return socket;
}

for (const mode of TRANSPORT_MODES) {
  describe(`server: socket.request (${mode.name})`, () => {
    let srv: TestServer | undefined;
    afterEach(async () => {
      await srv?.close();
      srv = undefined;
    });

    it("by default holds the handshake's headers, url, method, HTTP version and connection, not the request", async () => {
      srv = await startServer(mode);
      const socket = await connectedSocket(srv);
      const request = socket.request;
      expect(request).to.be.instanceOf(HandshakeRequest);
      expect(request).not.to.be.instanceOf(IncomingMessage);
      expect(request.headers["x-token"]).to.equal("abc");
      expect(request.url).to.match(/^\/socket\.io\/\?.*lang=fr/);
      expect(request.method).to.equal("GET");
      expect(request.httpVersion).to.equal("1.1");
      expect(request.socket.remoteAddress).to.be.a("string").and.match(/127\.0\.0\.1/);
      expect(request.connection).to.equal(request.socket);
      expect(socket.handshake.headers["x-token"]).to.equal("abc");
      // the same object for the session's life, from the socket and its connection
      expect(socket.request).to.equal(request);
      expect(socket.conn.request).to.equal(request);
    });

    it("is the real IncomingMessage with retainRequest: true", async () => {
      srv = await startServer(mode, { retainRequest: true });
      const socket = await connectedSocket(srv);
      expect(socket.request).to.be.instanceOf(IncomingMessage);
      expect(socket.request.headers["x-token"]).to.equal("abc");
    });

    it("is the real IncomingMessage, with what a middleware put on it, once the engine has a middleware", async () => {
      srv = await startServer(mode);
      srv.io.engine.use((req: IncomingMessage, _res: unknown, next: () => void) => {
        (req as IncomingMessage & { account?: unknown }).account = { user: "ada" };
        next();
      });
      const socket = await connectedSocket(srv);
      expect(socket.request).to.be.instanceOf(IncomingMessage);
      expect((socket.request as IncomingMessage & { account?: unknown }).account).to.deep.equal({ user: "ada" });
    });
  });
}

describe("server: the retainRequest option", () => {
  it("must be a boolean", async () => {
    let srv: TestServer | undefined;
    try {
      srv = await startServer(TRANSPORT_MODES[0], { retainRequest: "yes" as unknown as boolean });
      expect.fail("a string retainRequest was accepted");
    } catch (err) {
      expect(err).to.be.instanceOf(TypeError);
      expect((err as Error).message).to.match(/retainRequest/);
    } finally {
      await srv?.close();
    }
  });
});

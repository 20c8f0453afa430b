/** Mounting on an Express app (5, and 4): the socket.io form and the middleware form. */
import { expect } from "chai";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { WebSocketServer, WebSocket } from "ws";
import { Server } from "../../lib/index.js";
import { startExpress, pollingHandshake, type ExpressFixture, type ExpressVersion, type MountForm } from "./support.js";
import { waitFor } from "../support/server-helpers.js";

function addRoutes(app: ExpressFixture["app"]): void {
  app.get("/hello", (_req, res) => {
    res.type("text").send("hello from express");
  });
}

describe("express: mounting", function () {
  let fx: ExpressFixture | undefined;

  before(function () {
    if (!existsSync("dist/bundle/socket.io.min.js")) throw new Error("dist/bundle is missing: run `npm run build` first (npm test does)");
  });

  afterEach(async function () {
    await fx?.close();
    fx = undefined;
  });

  for (const [version, form] of [
    [5, "attach"],
    [5, "middleware"],
    [4, "attach"],
    [4, "middleware"],
  ] as const satisfies readonly (readonly [ExpressVersion, MountForm])[]) {
    describe(`Express ${version}, form "${form}"`, function () {
      beforeEach(async function () {
        fx = await startExpress(form, { after: addRoutes, version });
      });

      it("leaves the app's routes answering, and the app's 404 for unknown paths", async function () {
        const hello = await fetch(`${fx!.url}/hello`);
        expect(hello.status).to.equal(200);
        expect(await hello.text()).to.equal("hello from express");
        const missing = await fetch(`${fx!.url}/nope`);
        expect(missing.status).to.equal(404);
        expect(await missing.text()).to.match(/Cannot GET \/nope/); // Express's own 404
      });

      it("answers the polling handshake under /socket.io/", async function () {
        const { sid, upgrades } = await pollingHandshake(fx!.url);
        expect(sid).to.be.a("string").and.not.be.empty;
        expect(upgrades).to.deep.equal(["websocket"]);
        expect(fx!.io.engine.clients.has(sid)).to.equal(true);
      });

      it("keeps the engine's HTTP errors under the path", async function () {
        const res = await fetch(`${fx!.url}/socket.io/?EIO=4&transport=carrier-pigeon`);
        expect(res.status).to.equal(400);
        expect(await res.json()).to.deep.equal({ code: 0, message: "Transport unknown" });
      });

      it("serves /socket.io/socket.io.min.js", async function () {
        const res = await fetch(`${fx!.url}/socket.io/socket.io.min.js`);
        expect(res.status).to.equal(200);
        expect(res.headers.get("content-type")).to.match(/^application\/javascript/);
        expect(res.headers.get("etag")).to.match(/^"/);
        expect((await res.text()).length).to.be.greaterThan(1000);
      });

      it("connects socket.io-client and upgrades it to WebSocket", async function () {
        const connected = waitFor<[{ id: string }]>(fx!.io, "connection");
        const client = fx!.client();
        const [socket] = await connected;
        await waitFor(client.io.engine, "upgrade");
        expect(client.io.engine.transport.name).to.equal("websocket");
        const echoed = new Promise((resolve) => client.emit("ping", "x", resolve));
        (socket as unknown as { on(ev: string, fn: (v: string, ack: (v: string) => void) => void): void }).on("ping", (v, ack) => ack(v + "!"));
        expect(await echoed).to.equal("x!");
      });
    });
  }

  describe("middleware form specifics", function () {
    it("calls next() outside the path without touching the request", async function () {
      const seen: string[] = [];
      fx = await startExpress("middleware", {
        after: (app) =>
          app.use((req, res) => {
            seen.push(req.url);
            res.status(418).send("teapot");
          }),
      });
      // "/socket.iox" shares the prefix without the slash: not the server's path.
      for (const path of ["/", "/api/x?y=1", "/socket.iox"]) {
        const res = await fetch(fx.url + path);
        expect(res.status).to.equal(418);
        await res.text();
      }
      expect(seen).to.deep.equal(["/", "/api/x?y=1", "/socket.iox"]);
    });

    it("answers under the path before later middlewares run", async function () {
      let reachedApp = 0;
      fx = await startExpress("middleware", { after: (app) => app.use((_req, _res, next) => { reachedApp++; next(); }) });
      await pollingHandshake(fx.url);
      const file = await fetch(`${fx.url}/socket.io/socket.io.js`);
      expect(file.status).to.equal(200);
      await file.arrayBuffer();
      expect(reachedApp).to.equal(0);
    });

    it("attach() adds one upgrade listener and leaves the request listeners as they were", async function () {
      const io = new Server();
      const app = (await import("express")).default();
      app.use(io.middleware());
      const httpServer = app.listen(0, "127.0.0.1");
      await waitFor(httpServer, "listening");
      try {
        const requestListeners = httpServer.listeners("request");
        const upgradeCount = httpServer.listenerCount("upgrade");
        io.attach(httpServer);
        expect(httpServer.listeners("request")).to.deep.equal(requestListeners);
        expect(httpServer.listenerCount("upgrade")).to.equal(upgradeCount + 1);
      } finally {
        await io.close();
      }
      expect(httpServer.listening).to.equal(false);
    });

    it("refuses engine options given to attach() once the middleware made the engine", function () {
      const io = new Server();
      io.middleware();
      const httpServer = createServer();
      expect(() => io.attach(httpServer, { pingInterval: 10 })).to.throw(/pass options to new Server\(opts\)/);
      expect(httpServer.listenerCount("upgrade")).to.equal(0);
      io.engine.close();
    });

    it("creates the engine at the first middleware() call, from the constructor's options, once", function () {
      const io = new Server({ pingInterval: 1234 });
      expect(io.engine).to.equal(undefined);
      const first = io.middleware();
      const engine = io.engine;
      expect(engine.opts.pingInterval).to.equal(1234);
      expect(io.middleware()).to.equal(first);
      expect(io.engine).to.equal(engine);
      engine.close();
    });

    it("leaves another ws server on another path of the same http server working", async function () {
      fx = await startExpress("middleware");
      const other = new WebSocketServer({ noServer: true });
      other.on("connection", (ws) => ws.on("message", (data) => ws.send(`echo:${String(data)}`)));
      fx.httpServer.on("upgrade", (req, socket, head) => {
        if (req.url?.startsWith("/other")) other.handleUpgrade(req, socket, head, (ws) => other.emit("connection", ws, req));
      });
      try {
        const ws = new WebSocket(fx.url.replace("http", "ws") + "/other");
        await waitFor(ws, "open");
        const reply = waitFor<[Buffer]>(ws, "message");
        ws.send("hi");
        expect(String((await reply)[0])).to.equal("echo:hi");

        // And volley's own upgrades, WebSocket-only, on the same server.
        const client = fx.client({ transports: ["websocket"] });
        await waitFor(client, "connect");
        expect(client.io.engine.transport.name).to.equal("websocket");
        ws.close();
        await waitFor(ws, "close");
      } finally {
        for (const ws of other.clients) ws.terminate();
        other.close();
      }
    });
  });
});

/**
 * io.engine.use(expressMiddleware): express-session runs on the handshake, so
 * socket.request.session is the visitor's Express session, over polling and
 * over WebSocket-only (where the cookie comes from the client's extraHeaders).
 * The middlewares run on every request of a session too (as engine.io 6 runs
 * them), so `rolling: true` refreshes the cookie on each poll and on the upgrade.
 */
import { expect } from "chai";
import session from "express-session";
import type { IncomingMessage } from "node:http";
import { startExpress, type ExpressFixture, type MountForm } from "./support.js";
import { WebSocket } from "ws";
import { waitFor } from "../support/server-helpers.js";
import { HandshakeRequest } from "../../lib/engine/index.js";

type SessionRequest = IncomingMessage & { session?: session.Session & { user?: string } };

describe("express: io.engine.use(express-session)", function () {
  let fx: ExpressFixture | undefined;

  afterEach(async function () {
    await fx?.close();
    fx = undefined;
  });

  async function start(form: MountForm, extra: Partial<session.SessionOptions> = {}): Promise<void> {
    const sessionMiddleware = session({ secret: "spec secret", resave: false, saveUninitialized: false, ...extra });
    fx = await startExpress(form, {
      after: (app) => {
        app.use(sessionMiddleware);
        app.post("/login/:user", (req, res) => {
          (req as SessionRequest).session!.user = req.params.user;
          res.send("ok");
        });
      },
    });
    fx.io.engine.use(sessionMiddleware);
    fx.io.on("connection", (socket) => {
      socket.emit("whoami", (socket.request as SessionRequest).session?.user ?? null);
    });
  }

  async function login(user: string): Promise<string> {
    const res = await fetch(`${fx!.url}/login/${user}`, { method: "POST" });
    expect(await res.text()).to.equal("ok");
    const cookie = res.headers.get("set-cookie")?.split(";")[0];
    expect(cookie).to.match(/^connect\.sid=/);
    return cookie!;
  }

  for (const form of ["attach", "middleware"] as const) {
    for (const transports of [["polling"], ["websocket"]] as const) {
      it(`gives socket.request.session of the logged-in visitor (${form} form, ${transports[0]} only)`, async function () {
        await start(form);
        const cookie = await login("ada");
        const client = fx!.client({ transports: [...transports], extraHeaders: { Cookie: cookie } });
        const [user] = await waitFor<[string | null]>(client, "whoami");
        expect(user).to.equal("ada");
        expect(client.io.engine.transport.name).to.equal(transports[0]);

        // Without the cookie: a session of its own, no user.
        const stranger = fx!.client({ transports: [...transports] });
        const [nobody] = await waitFor<[string | null]>(stranger, "whoami");
        expect(nobody).to.equal(null);
      });
    }
  }

  for (const rolling of [true, false]) {
    it(`rolling: ${rolling} ${rolling ? "refreshes" : "does not repeat"} the session cookie on later polls and on the upgrade`, async function () {
      await start("attach", { rolling, cookie: { maxAge: 60_000 } });
      const cookie = await login("ada");
      const base = `${fx!.url}/socket.io/?EIO=4&transport=polling`;
      const handshake = await fetch(base, { headers: { Cookie: cookie } });
      const sid = (JSON.parse((await handshake.text()).slice(1)) as { sid: string }).sid;
      const q = `${base}&sid=${sid}`;
      const post = await fetch(q, { method: "POST", body: "40", headers: { Cookie: cookie } });
      expect(await post.text()).to.equal("ok");
      const get = await fetch(q, { headers: { Cookie: cookie } });
      expect(await get.text()).to.match(/^40\{"sid":/);

      const ws = new WebSocket(`${fx!.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket&sid=${sid}`, { headers: { Cookie: cookie } });
      const upgradeCookie = await new Promise<string | undefined>((resolve, reject) => {
        ws.once("upgrade", (res: IncomingMessage) => resolve(res.headers["set-cookie"]?.[0]));
        ws.once("error", reject);
      });
      ws.close();

      const refreshed = [post.headers.get("set-cookie"), get.headers.get("set-cookie"), upgradeCookie];
      if (!rolling) {
        expect(refreshed).to.deep.equal([null, null, undefined]);
        return;
      }
      for (const setCookie of refreshed) {
        // The same session id, with a new expiry each time.
        expect(setCookie?.split(";")[0]).to.equal(cookie);
        expect(setCookie).to.match(/Expires=/);
      }
    });
  }

  // socket.io 3's pattern, still common: the session middleware runs in a namespace middleware on
  // socket.request. Without engine middlewares that is a HandshakeRequest (headers, url, socket),
  // which is all express-session reads from it.
  for (const transports of [["polling"], ["websocket"]] as const) {
    it(`io.use((socket, next) => sessionMiddleware(socket.request, {}, next)) reads the session (${transports[0]} only)`, async function () {
      const sessionMiddleware = session({ secret: "spec secret", resave: false, saveUninitialized: false });
      fx = await startExpress("attach", {
        after: (app) => {
          app.use(sessionMiddleware);
          app.post("/login/:user", (req, res) => {
            (req as SessionRequest).session!.user = req.params.user;
            res.send("ok");
          });
        },
      });
      fx.io.use((socket, next) => sessionMiddleware(socket.request as never, {} as never, next as never));
      fx.io.on("connection", (socket) => {
        socket.emit("whoami", (socket.request as SessionRequest).session?.user ?? null, socket.request instanceof HandshakeRequest);
      });
      const cookie = await login("grace");
      const client = fx.client({ transports: [...transports], extraHeaders: { Cookie: cookie } });
      const [user, light] = await waitFor<[string | null, boolean]>(client, "whoami");
      expect(user).to.equal("grace");
      expect(light, "socket.request is a HandshakeRequest here").to.equal(true);
    });
  }
});

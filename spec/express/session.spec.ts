/**
 * io.engine.use(expressMiddleware): express-session runs on the handshake, so
 * socket.request.session is the visitor's Express session, over polling and
 * over WebSocket-only (where the cookie comes from the client's extraHeaders).
 */
import { expect } from "chai";
import session from "express-session";
import type { IncomingMessage } from "node:http";
import { startExpress, type ExpressFixture, type MountForm } from "./support.js";
import { waitFor } from "../support/server-helpers.js";

type SessionRequest = IncomingMessage & { session?: session.Session & { user?: string } };

describe("express: io.engine.use(express-session)", function () {
  let fx: ExpressFixture | undefined;

  afterEach(async function () {
    await fx?.close();
    fx = undefined;
  });

  async function start(form: MountForm): Promise<void> {
    const sessionMiddleware = session({ secret: "spec secret", resave: false, saveUninitialized: false });
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
});

import { expect } from "chai";
import { TRANSPORT_MODES, startServer, waitFor, type TestServer } from "../support/server-helpers.js";
import type { Namespace, Socket } from "../../lib/index.js";

for (const mode of TRANSPORT_MODES) {
  describe(`server: namespaces and middleware (${mode.name})`, () => {
    let srv: TestServer;
    afterEach(() => srv.close());

    it("refuses an unknown namespace with 'Invalid namespace'", async () => {
      srv = await startServer(mode);
      const client = srv.client("/nope");
      const [err] = await waitFor<[Error]>(client, "connect_error");
      expect(err.message).to.equal("Invalid namespace");
    });

    it("a middleware refusal reaches the client with message and data", async () => {
      srv = await startServer(mode);
      srv.io.use((socket, next) => {
        if (socket.handshake.auth.token === "good") return next();
        const err = Object.assign(new Error("not authorized"), { data: { code: 401 } });
        next(err);
      });
      const refused = srv.client("/", { auth: { token: "bad" } });
      const [err] = await waitFor<[Error & { data?: unknown }]>(refused, "connect_error");
      expect(err.message).to.equal("not authorized");
      expect(err.data).to.deep.equal({ code: 401 });
      expect(srv.io.sockets.sockets.size).to.equal(0);
      const accepted = srv.client("/", { auth: { token: "good" } });
      await waitFor(accepted, "connect");
      expect(srv.io.sockets.sockets.size).to.equal(1);
    });

    it("runs middlewares in order and async", async () => {
      srv = await startServer(mode);
      const order: number[] = [];
      const nsp = srv.io.of("/ordered");
      nsp.use((_s, next) => {
        order.push(1);
        setTimeout(next, 10);
      });
      nsp.use((socket, next) => {
        order.push(2);
        socket.data.checked = true;
        next();
      });
      const connection = waitFor<[Socket]>(nsp, "connection");
      srv.client("/ordered");
      const [socket] = await connection;
      expect(order).to.deep.equal([1, 2]);
      expect(socket.data.checked).to.equal(true);
    });

    it("creates dynamic namespaces from a RegExp and a function", async () => {
      srv = await startServer(mode);
      const parent = srv.io.of(/^\/team-\d+$/);
      const names: string[] = [];
      parent.on("connection", (socket: Socket) => names.push(socket.nsp.name));
      srv.io.of((name, auth, next) => next(null, name.startsWith("/fn") && name.length === 3 && auth.ok === true));
      const created: string[] = [];
      srv.io.sockets.on("new_namespace", (nsp: Namespace) => created.push(nsp.name));
      const c1 = srv.client("/team-1");
      await waitFor(c1, "connect");
      const c2 = srv.client("/fn", { auth: { ok: true } });
      await waitFor(c2, "connect");
      const c3 = srv.client("/fn-other", { auth: { ok: true } });
      const [err] = await waitFor<[Error]>(c3, "connect_error");
      expect(err.message).to.equal("Invalid namespace");
      expect(names).to.deep.equal(["/team-1"]);
      expect(created).to.include.members(["/team-1", "/fn"]);
      const got = waitFor(c1, "hi");
      parent.emit("hi", "children");
      expect(await got).to.deep.equal(["children"]);
    });

    it("removes empty child namespaces with cleanupEmptyChildNamespaces", async () => {
      srv = await startServer(mode, { cleanupEmptyChildNamespaces: true });
      srv.io.of(/^\/dyn-\w+$/);
      const client = srv.client("/dyn-a");
      await waitFor(client, "connect");
      expect(srv.io._nsps.has("/dyn-a")).to.equal(true);
      const gone = waitFor(srv.io.of("/dyn-a"), "connection").catch(() => undefined);
      void gone;
      client.disconnect();
      await new Promise((r) => setTimeout(r, 100));
      expect(srv.io._nsps.has("/dyn-a")).to.equal(false);
    });

    it("multiplexes two namespaces over one connection", async () => {
      srv = await startServer(mode);
      srv.io.of("/admin");
      const main = srv.client("/");
      const admin = main.io.socket("/admin");
      admin.connect(); // a second connect() while connecting: the duplicate CONNECT must not break the socket
      await Promise.all([waitFor(main, "connect"), waitFor(admin, "connect")]);
      const [adminSocket] = [...srv.io.of("/admin").sockets.values()];
      const [mainSocket] = [...srv.io.sockets.sockets.values()];
      expect(adminSocket!.conn).to.equal(mainSocket!.conn);
      const got = waitFor(admin, "only-admin");
      srv.io.of("/admin").emit("only-admin", 1);
      expect(await got).to.deep.equal([1]);
      admin.disconnect();
      await waitFor(adminSocket!, "disconnect");
      expect(mainSocket!.connected).to.equal(true);
    });
  });
}

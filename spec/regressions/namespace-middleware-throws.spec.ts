/**
 * Bug: a namespace middleware (io.use / nsp.use) that threw, or an async one
 * that rejected, rejected Namespace#_add, whose promise the connection
 * ignored: an unhandled rejection (fatal by default in Node), no answer for
 * the client, and the namespace stayed "pending" on that connection forever
 * (a later CONNECT to it was dropped as a duplicate). Fixed: the middleware
 * call is guarded (a throw or a rejection is `next(err)`), so the client gets
 * CONNECT_ERROR with the message; the connection also catches _add's promise.
 */
import { expect } from "chai";
import type { Socket } from "../../lib/index.js";
import { startServer, TRANSPORT_MODES, waitFor, type TestServer } from "../support/server-helpers.js";
import { useRejectionTripwire } from "../support/tripwire.js";

for (const mode of TRANSPORT_MODES) {
  describe(`regression: a throwing namespace middleware (${mode.name})`, () => {
    let srv: TestServer;
    const tripped = useRejectionTripwire();

    beforeEach(async () => {
      srv = await startServer(mode);
    });

    afterEach(async () => {
      await srv.close();
    });

    it("sync throw: CONNECT_ERROR with the message; the next CONNECT to that namespace is answered", async () => {
      let calls = 0;
      srv.io.use((_socket: Socket, next: (err?: Error) => void) => {
        calls++;
        if (calls === 1) throw new Error("sync bug");
        next();
      });
      const client = srv.client();
      const [err] = await waitFor<[Error]>(client, "connect_error");
      expect(err.message).to.equal("sync bug");
      // Same engine connection: the namespace must not still be "pending".
      client.connect();
      await waitFor(client, "connect");
      expect(calls).to.equal(2);
      expect(srv.io.sockets.sockets.size).to.equal(1);
      expect(tripped).to.deep.equal([]);
    });

    it("async rejection: CONNECT_ERROR with the message, no unhandled rejection", async () => {
      srv.io.of("/async").use(async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        throw new Error("async bug");
      });
      const client = srv.client("/async");
      const [err] = await waitFor<[Error]>(client, "connect_error");
      expect(err.message).to.equal("async bug");
      expect(srv.io.of("/async").sockets.size).to.equal(0);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(tripped).to.deep.equal([]);
    });

    it("a connect step that rejects outside the middlewares: CONNECT_ERROR, the namespace is not left pending", async () => {
      const nsp = srv.io.of("/broken");
      const realAdd = nsp._add.bind(nsp);
      let failures = 1;
      nsp._add = (...args: Parameters<typeof realAdd>) => (failures-- > 0 ? Promise.reject(new Error("internal bug")) : realAdd(...args));
      const client = srv.client("/broken");
      const [err] = await waitFor<[Error]>(client, "connect_error");
      expect(err.message).to.equal("Internal server error");
      client.connect();
      await waitFor(client, "connect");
      expect(nsp.sockets.size).to.equal(1);
      expect(tripped).to.deep.equal([]);
    });

    it("a throw after next() does not refuse the connection", async () => {
      srv.io.use((_socket: Socket, next: (err?: Error) => void) => {
        next();
        throw new Error("late bug");
      });
      const client = srv.client();
      await waitFor(client, "connect");
      expect(client.connected).to.equal(true);
      expect(tripped).to.deep.equal([]);
    });
  });
}

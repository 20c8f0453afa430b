/**
 * Bug: a namespace "connection" (or "connect") listener that threw closed
 * that client's connection with "transport error", and the namespace's later
 * connection listeners never ran; an async one that rejected was an unhandled
 * rejection (fatal by default in Node). Socket listeners were already guarded.
 * Fixed: the namespace guards its "connect"/"connection" listeners the same
 * way (lib/listener-guard.ts): the error is logged and emitted as "error" on
 * the socket being connected, the connection stays.
 */
import { expect } from "chai";
import type { Socket } from "../../lib/index.js";
import { startServer, TRANSPORT_MODES, until, waitFor, type TestServer } from "../support/server-helpers.js";
import { useRejectionTripwire } from "../support/tripwire.js";

for (const mode of TRANSPORT_MODES) {
  describe(`regression: a throwing namespace connection listener (${mode.name})`, () => {
    let srv: TestServer;
    const rejections = useRejectionTripwire();

    beforeEach(async () => {
      srv = await startServer(mode);
    });

    afterEach(async () => {
      await srv.close();
    });

    it("sync throw: 'error' on the socket, the next listeners run, the connection stays", async () => {
      const errors: string[] = [];
      const order: string[] = [];
      srv.io.on("connect", (socket: Socket) => {
        socket.on("error", (err: Error) => errors.push(err.message));
        order.push("connect");
        throw new Error("bug in connect");
      });
      srv.io.on("connection", () => {
        order.push("connection 1");
        throw new Error("bug in connection");
      });
      srv.io.on("connection", (socket: Socket) => {
        order.push("connection 2");
        socket.on("ask", (ack: (v: string) => void) => ack("still here"));
      });
      const client = srv.client();
      const disconnects: string[] = [];
      client.on("disconnect", (reason) => disconnects.push(reason));
      await waitFor(client, "connect");
      expect(await client.timeout(2000).emitWithAck("ask")).to.equal("still here");
      expect(order).to.deep.equal(["connect", "connection 1", "connection 2"]);
      expect(errors).to.deep.equal(["bug in connect", "bug in connection"]);
      expect(client.connected).to.equal(true);
      expect(disconnects).to.deep.equal([]);
      expect(srv.io.sockets.sockets.size).to.equal(1);
    });

    it("async rejection: no unhandled rejection, 'error' on the socket, the connection stays", async () => {
      const errors: string[] = [];
      srv.io.of("/chat").on("connection", async (socket: Socket) => {
        socket.on("error", (err: Error) => errors.push(err.message));
        socket.on("ask", (ack: (v: string) => void) => ack("still here"));
        await Promise.resolve();
        throw new Error("async bug");
      });
      const client = srv.client("/chat");
      await waitFor(client, "connect");
      await until(() => errors.length === 1);
      expect(errors).to.deep.equal(["async bug"]);
      expect(await client.timeout(2000).emitWithAck("ask")).to.equal("still here");
      expect(client.connected).to.equal(true);
      expect(rejections).to.deep.equal([]);
    });

    it("once, off and listeners() still see the app's connection listeners", async () => {
      const calls: string[] = [];
      const removed = (): void => {
        calls.push("removed");
      };
      const nsp = srv.io.of("/once");
      nsp.once("connection", () => {
        calls.push("once");
        throw new Error("bug in once");
      });
      nsp.on("connection", removed);
      expect(nsp.listeners("connection")).to.include(removed);
      nsp.off("connection", removed);
      expect(nsp.listeners("connection")).to.have.length(1);
      const first = srv.client("/once");
      await waitFor(first, "connect");
      const second = srv.client("/once");
      await waitFor(second, "connect");
      expect(calls).to.deep.equal(["once"]);
      expect(nsp.listenerCount("connection")).to.equal(0);
      expect(first.connected && second.connected).to.equal(true);
    });

    it("a dynamic namespace's children inherit guarded connection listeners", async () => {
      const errors: string[] = [];
      srv.io.of(/^\/room-\d+$/).on("connection", (socket: Socket) => {
        socket.on("error", (err: Error) => errors.push(err.message));
        socket.on("ask", (ack: (v: string) => void) => ack(socket.nsp.name));
        throw new Error("bug in child connection");
      });
      const client = srv.client("/room-7");
      await waitFor(client, "connect");
      expect(await client.timeout(2000).emitWithAck("ask")).to.equal("/room-7");
      expect(errors).to.deep.equal(["bug in child connection"]);
      expect(client.connected).to.equal(true);
    });
  });
}

/**
 * Bug: an app listener that threw while handling a client's event closed the
 * whole connection with a misleading "transport error"; a "disconnect"
 * listener that threw stopped the other namespaces of the same connection
 * from being cleaned up (their sockets stayed in nsp.sockets); an async
 * listener that rejected was an unhandled rejection (fatal by default in
 * Node). Fixed: Socket listeners are guarded (lib/listener-guard.ts): the
 * error is logged and emitted as "error" on the socket, the connection stays.
 */
import { expect } from "chai";
import type { Socket } from "../../lib/index.js";
import { startServer, until, waitFor, type TestServer } from "../support/server-helpers.js";
import { useRejectionTripwire } from "../support/tripwire.js";

describe("regression: a failing app listener closed the connection", () => {
  let srv: TestServer;
  const rejections = useRejectionTripwire();

  beforeEach(async () => {
    srv = await startServer({ name: "websocket", transports: ["websocket"] });
  });

  afterEach(async () => {
    await srv.close();
  });

  it("sync throw and async rejection: 'error' on the socket, the client stays connected", async () => {
    const errors: string[] = [];
    srv.io.on("connection", (socket) => {
      socket.on("error", (err: Error) => errors.push(err.message));
      socket.on("sync", () => {
        throw new Error("sync");
      });
      socket.once("async", async () => {
        throw new Error("async");
      });
      socket.on("ask", (ack: (v: string) => void) => ack("ok"));
    });
    const client = srv.client();
    await waitFor(client, "connect");
    client.emit("sync");
    client.emit("async");
    expect(await client.timeout(2000).emitWithAck("ask")).to.equal("ok");
    await until(() => errors.length === 2);
    expect(errors).to.deep.equal(["sync", "async"]);
    expect(client.connected).to.equal(true);
    expect(rejections).to.deep.equal([]);
  });

  it("once and off still work on guarded listeners", async () => {
    const calls: string[] = [];
    const offMe = (): void => {
      calls.push("off");
    };
    srv.io.on("connection", (socket) => {
      socket.once("ping1", () => calls.push("once"));
      socket.on("ping1", offMe);
      socket.off("ping1", offMe);
      expect(socket.listeners("ping1")).to.have.length(1);
      socket.on("done", (ack: () => void) => ack());
    });
    const client = srv.client();
    await waitFor(client, "connect");
    client.emit("ping1");
    client.emit("ping1");
    await client.timeout(2000).emitWithAck("done");
    expect(calls).to.deep.equal(["once"]);
  });

  it("a throwing 'disconnect' listener does not stop the other namespaces' cleanup", async () => {
    srv.io.of("/").on("connection", (socket: Socket) =>
      socket.on("disconnect", () => {
        throw new Error("app bug in disconnect");
      }),
    );
    const reasons: string[] = [];
    srv.io.of("/b").on("connection", (socket: Socket) => socket.on("disconnect", (reason: string) => reasons.push(reason)));
    const root = srv.client("/");
    await waitFor(root, "connect");
    // A second namespace on the same Manager: one engine connection for both.
    const shared = root.io.socket("/b");
    shared.connect();
    await waitFor(shared, "connect");
    root.io.engine.close();
    await until(() => reasons.length === 1);
    expect(reasons).to.deep.equal(["transport close"]);
    shared.disconnect();
    expect(srv.io.of("/").sockets.size).to.equal(0);
    expect(srv.io.of("/b").sockets.size).to.equal(0);
  });
});

import { expect } from "chai";
import { TRANSPORT_MODES, startServer, waitFor, until, type TestServer } from "../support/server-helpers.js";
import type { Socket } from "../../lib/index.js";

for (const mode of TRANSPORT_MODES) {
  describe(`server: disconnection, socket.use, onAny (${mode.name})`, () => {
    let srv: TestServer;
    beforeEach(async () => {
      srv = await startServer(mode);
    });
    afterEach(() => srv.close());

    async function connect(): Promise<{ socket: Socket; client: ReturnType<TestServer["client"]> }> {
      const connection = waitFor<[Socket]>(srv.io, "connection");
      const client = srv.client();
      const [[socket]] = await Promise.all([connection, waitFor(client, "connect")]);
      return { socket, client };
    }

    it("client disconnect: 'client namespace disconnect', disconnecting first", async () => {
      const { socket, client } = await connect();
      const events: string[] = [];
      socket.on("disconnecting", (reason) => events.push("disconnecting:" + reason + ":" + socket.rooms.size));
      const done = waitFor(socket, "disconnect");
      client.disconnect();
      const [reason] = await done;
      expect(reason).to.equal("client namespace disconnect");
      expect(events).to.deep.equal(["disconnecting:client namespace disconnect:1"]);
      expect(socket.connected).to.equal(false);
      expect(socket.disconnected).to.equal(true);
    });

    it("server disconnect: 'server namespace disconnect' / 'io server disconnect'", async () => {
      const { socket, client } = await connect();
      const both = Promise.all([waitFor(socket, "disconnect"), waitFor(client, "disconnect")]);
      socket.disconnect();
      const [[serverReason], [clientReason]] = await both;
      expect(serverReason).to.equal("server namespace disconnect");
      expect(clientReason).to.equal("io server disconnect");
    });

    it("disconnect(true) closes the whole connection", async () => {
      const { socket, client } = await connect();
      const both = Promise.all([waitFor(socket, "disconnect"), waitFor(client, "disconnect")]);
      socket.disconnect(true);
      const [[serverReason], [clientReason]] = await both;
      expect(serverReason).to.equal("server namespace disconnect");
      expect(clientReason).to.equal("io server disconnect");
    });

    it("transport drop: 'forced close' after conn.close(), 'transport close' after the client closes its engine", async () => {
      const first = await connect();
      // An upgrade in progress changes what closing means for the engine; close in a settled state.
      if (mode.name === "upgrade") await until(() => first.socket.conn.transport.name === "websocket");
      const serverSide = waitFor(first.socket, "disconnect");
      first.socket.conn.close();
      expect((await serverSide)[0]).to.equal("forced close");
      const second = await connect();
      const serverSide2 = waitFor(second.socket, "disconnect");
      second.client.io.engine.close();
      expect((await serverSide2)[0]).to.be.oneOf(["transport close", "transport error"]);
    });

    it("io.close() disconnects everyone with 'server shutting down'", async () => {
      const { socket, client } = await connect();
      const serverSide = waitFor(socket, "disconnect");
      const clientSide = waitFor(client, "disconnect");
      const closed = new Promise<void>((resolve) => void srv.io.close(() => resolve()));
      expect((await serverSide)[0]).to.equal("server shutting down");
      await clientSide;
      await closed;
    });

    it("socket.use sees events first; an error emits 'error' and stops the event", async () => {
      const { socket, client } = await connect();
      const seen: unknown[] = [];
      socket.use((packet, next) => {
        seen.push(packet[0]);
        if (packet[0] === "forbidden") return next(new Error("no way"));
        packet.push("added");
        next();
      });
      socket.on("forbidden", () => seen.push("listener ran"));
      const errored = waitFor<[Error]>(socket, "error");
      client.emit("forbidden");
      const [err] = await errored;
      expect(err.message).to.equal("no way");
      const allowed = waitFor(socket, "allowed");
      client.emit("allowed", 1);
      expect(await allowed).to.deep.equal([1, "added"]);
      expect(seen).to.deep.equal(["forbidden", "allowed"]);
    });

    it("onAny / prependAny / offAny / listenersAny", async () => {
      const { socket, client } = await connect();
      const calls: string[] = [];
      const second = (ev: string) => calls.push("second:" + ev);
      socket.onAny(second);
      socket.prependAny((ev: string, arg: unknown) => calls.push("first:" + ev + ":" + String(arg)));
      expect(socket.listenersAny()).to.have.length(2);
      const got = waitFor(socket, "ping-me");
      client.emit("ping-me", 5);
      await got;
      expect(calls).to.deep.equal(["first:ping-me:5", "second:ping-me"]);
      socket.offAny(second);
      expect(socket.listenersAny()).to.have.length(1);
      socket.offAny();
      expect(socket.listenersAny()).to.have.length(0);
    });
  });
}

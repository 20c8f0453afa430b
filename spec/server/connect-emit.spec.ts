import { expect } from "chai";
import { TRANSPORT_MODES, startServer, waitFor, until, type TestServer } from "../support/server-helpers.js";
import type { Socket } from "../../lib/index.js";

for (const mode of TRANSPORT_MODES) {
  describe(`server: connect, emit and acks (${mode.name})`, () => {
    let srv: TestServer;
    beforeEach(async () => {
      srv = await startServer(mode);
    });
    afterEach(() => srv.close());

    it("connects to the main namespace with a public id distinct from the engine id", async () => {
      const connection = waitFor<[Socket]>(srv.io, "connection");
      const client = srv.client();
      const [[socket]] = await Promise.all([connection, waitFor(client, "connect")]);
      expect(socket.id).to.equal(client.id);
      expect(socket.id).to.have.length(20);
      expect(socket.id).to.not.equal(socket.conn.id);
      expect(socket.connected).to.equal(true);
      expect(socket.nsp.name).to.equal("/");
      expect(socket.rooms.has(socket.id)).to.equal(true);
      expect(srv.io.sockets.sockets.get(socket.id)).to.equal(socket);
    });

    it("connects to a custom namespace with auth and fills the handshake", async () => {
      const connection = waitFor<[Socket]>(srv.io.of("/admin"), "connection");
      const client = srv.client("/admin", { auth: { token: "abc" }, query: { lang: "fr" } });
      const [[socket]] = await Promise.all([connection, waitFor(client, "connect")]);
      expect(socket.nsp.name).to.equal("/admin");
      expect(socket.handshake.auth).to.deep.equal({ token: "abc" });
      expect(socket.handshake.query.lang).to.equal("fr");
      expect(socket.handshake.query.EIO).to.equal("4");
      expect(socket.handshake.address).to.match(/127\.0\.0\.1/);
      expect(socket.handshake.secure).to.equal(false);
      expect(socket.handshake.issued).to.be.a("number");
    });

    it("emits in both directions, with binary arguments", async () => {
      const connection = waitFor<[Socket]>(srv.io, "connection");
      const client = srv.client();
      const [socket] = await connection;
      const fromClient = waitFor(socket, "hello");
      client.emit("hello", "world", { n: 1 }, Buffer.from([1, 2, 3]));
      const [word, obj, bytes] = await fromClient;
      expect(word).to.equal("world");
      expect(obj).to.deep.equal({ n: 1 });
      expect(Buffer.from(bytes as Uint8Array)).to.deep.equal(Buffer.from([1, 2, 3]));
      const fromServer = waitFor(client, "greet");
      socket.emit("greet", 42, Buffer.from([9, 8]));
      const [n, buf] = await fromServer;
      expect(n).to.equal(42);
      expect(Buffer.from(buf as ArrayBuffer)).to.deep.equal(Buffer.from([9, 8]));
    });

    it("refuses reserved event names on emit", async () => {
      const connection = waitFor<[Socket]>(srv.io, "connection");
      srv.client();
      const [socket] = await connection;
      expect(() => socket.emit("disconnect" as never)).to.throw('"disconnect" is a reserved event name');
      expect(() => srv.io.emit("connect" as never)).to.throw(/reserved event name/);
    });

    it("acks a client event (binary answer), once only", async () => {
      srv.io.on("connection", (socket) => {
        socket.on("ask", (q: number, ack: (...a: unknown[]) => void) => {
          ack(q * 2, Buffer.from([7]));
          ack("second call is ignored");
        });
      });
      const client = srv.client();
      const [answer, bytes] = await new Promise<unknown[]>((resolve) => client.emit("ask", 21, (...args: unknown[]) => resolve(args)));
      expect(answer).to.equal(42);
      expect(Buffer.from(bytes as ArrayBuffer)).to.deep.equal(Buffer.from([7]));
    });

    it("gets acks from the client: callback, emitWithAck and timeout", async () => {
      const connection = waitFor<[Socket]>(srv.io, "connection");
      const client = srv.client();
      client.on("sum", (a: number, b: number, ack: (n: number) => void) => ack(a + b));
      client.on("silent", () => {});
      const [socket] = await connection;
      const viaCallback = await new Promise((resolve) => socket.emit("sum", 1, 2, resolve));
      expect(viaCallback).to.equal(3);
      expect(await socket.emitWithAck("sum", 2, 3)).to.equal(5);
      expect(await socket.timeout(2000).emitWithAck("sum", 3, 4)).to.equal(7);
      const err = await new Promise<Error | null>((resolve) => socket.timeout(50).emit("silent", (e: Error | null) => resolve(e)));
      expect(err).to.be.instanceOf(Error);
      expect(err!.message).to.equal("operation has timed out");
      let rejected: unknown;
      await socket.timeout(50).emitWithAck("silent").catch((e: unknown) => (rejected = e));
      expect((rejected as Error).message).to.equal("operation has timed out");
    });

    it("gives a pending timeout ack an error when the socket disconnects", async () => {
      const connection = waitFor<[Socket]>(srv.io, "connection");
      const client = srv.client();
      client.on("silent", () => {});
      const [socket] = await connection;
      const result = new Promise<Error | null>((resolve) => socket.timeout(5000).emit("silent", (e: Error | null) => resolve(e)));
      socket.disconnect();
      const err = await result;
      expect(err).to.be.instanceOf(Error);
      expect(err!.message).to.equal("socket has been disconnected");
    });

    it("supports send/message, volatile and compress flags", async () => {
      const connection = waitFor<[Socket]>(srv.io, "connection");
      const client = srv.client();
      const [socket] = await connection;
      const message = waitFor(client, "message");
      socket.compress(false).send("a", "b");
      expect(await message).to.deep.equal(["a", "b"]);
      // Volatile packets are dropped while the transport cannot write, so wait until it can.
      await until(() => socket.conn.transport.writable === true);
      const got = waitFor(client, "vol");
      socket.volatile.emit("vol", 1);
      expect(await got).to.deep.equal([1]);
    });
  });
}

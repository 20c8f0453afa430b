/**
 * The client's behavioural suite, run against one server implementation in
 * each transport mode. socket-io-server.spec.ts and volley-server.spec.ts
 * call it with their server factory and the client's TypeScript sources;
 * spec/bundle/min-bundle-client.spec.ts passes the minified browser bundle's
 * `io` instead, since that is what users actually run.
 */
import { expect } from "chai";
import { io, type Socket } from "../../client/index.js";
import { MODES, ManagerPool, once, sleep, startServer, until, type AnyServer, type ServerFactory, type TestServer } from "../support/client-helpers.js";

const FAST_RECONNECT = { reconnectionDelay: 50, reconnectionDelayMax: 100 };

/** The client under test: its `io`, and options every io() call of the suite gets. */
export interface ClientUnderTest {
  /** Named in the describe() titles, e.g. "socket.io.esm.min.js". */
  name: string;
  io: typeof io;
  /** Merged into every io() call, before the test's own options (e.g. a WebSocket class for a browser build). */
  opts?: Record<string, unknown>;
}

/** The client's TypeScript sources, as the client specs have always run them. */
const SOURCE_CLIENT: ClientUnderTest = { name: "client", io };

/**
 * The bytes of a binary value, whatever its representation: the Node build
 * hands binary over as a Buffer, the browser build (binaryType "arraybuffer")
 * as an ArrayBuffer. Fails on anything that is not binary, so a payload
 * decoded as a plain array or object still fails the test.
 */
function bytesOf(value: unknown): number[] {
  expect(value instanceof ArrayBuffer || ArrayBuffer.isView(value), "a binary value (ArrayBuffer or view)").to.equal(true);
  const view = ArrayBuffer.isView(value)
    ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    : new Uint8Array(value as ArrayBuffer);
  return [...view];
}

export function clientSuite(factory: ServerFactory, client: ClientUnderTest = SOURCE_CLIENT): void {
  for (const mode of MODES) {
    // the source client keeps its historical titles; other clients say which they are
    const title = client === SOURCE_CLIENT ? "client" : client.name;
    describe(`${title} against ${factory.name}, ${mode.name}`, () => {
      let server: TestServer;
      const pool = new ManagerPool();
      const connect = (nsp = "/", opts: Record<string, unknown> = {}): Socket =>
        pool.add(client.io(server.url + nsp, { forceNew: true, ...FAST_RECONNECT, ...mode.opts, ...client.opts, ...opts }));

      async function start(opts: Record<string, unknown> = {}): Promise<AnyServer> {
        server = await startServer(factory, opts);
        return server.io;
      }

      /**
       * In upgrade mode, waits until the server's session runs on WebSocket:
       * socket.io's polling transport holds a close for up to 30 s when it
       * comes mid-upgrade, which would outlive the test.
       */
      async function upgraded(serverSocket: AnyServer): Promise<void> {
        if (!mode.opts.transports) await until(() => serverSocket.conn.transport.name === "websocket");
      }

      afterEach(async () => {
        pool.closeAll();
        await server?.close();
      });

      it("connects to / and a namespace over one engine connection", async () => {
        const sio = await start();
        const serverSockets: AnyServer[] = [];
        sio.on("connection", (s: AnyServer) => serverSockets.push(s));
        sio.of("/admin").on("connection", (s: AnyServer) => serverSockets.push(s));
        const main = connect();
        const admin = main.io.socket("/admin");
        await Promise.all([once(main, "connect"), once(admin, "connect")]);
        expect(main.connected && admin.connected).to.equal(true);
        expect(main.id).to.be.a("string").and.not.equal(admin.id);
        expect(serverSockets).to.have.length(2);
        expect(serverSockets[0].conn.id).to.equal(serverSockets[1].conn.id);
        expect(serverSockets.map((s) => s.id).sort()).to.deep.equal([main.id, admin.id].sort());
        if (mode.opts.transports?.length === 1) expect(main.io.engine!.transport.name).to.equal(mode.opts.transports[0]);
      });

      it("emits events both ways, in order", async () => {
        const sio = await start();
        const received: unknown[] = [];
        sio.on("connection", (s: AnyServer) => {
          s.on("hello", (...args: unknown[]) => {
            received.push(args);
            s.emit("welcome", { n: args.length }, "two");
          });
        });
        const socket = connect();
        const [payload, second] = await new Promise<unknown[]>((resolve) => {
          socket.on("welcome", (...args: unknown[]) => resolve(args));
          socket.emit("hello", 1, "a", { b: [true, null] });
        });
        expect(received).to.deep.equal([[1, "a", { b: [true, null] }]]);
        expect(payload).to.deep.equal({ n: 3 });
        expect(second).to.equal("two");
      });

      it("buffers emits made before connecting and flushes them in order", async () => {
        const sio = await start();
        const received: number[] = [];
        sio.on("connection", (s: AnyServer) => s.on("n", (n: number) => received.push(n)));
        const socket = connect();
        expect(socket.connected).to.equal(false);
        for (let i = 0; i < 5; i++) socket.emit("n", i);
        expect(socket.sendBuffer).to.have.length(5);
        await until(() => received.length === 5);
        expect(received).to.deep.equal([0, 1, 2, 3, 4]);
        expect(socket.sendBuffer).to.have.length(0);
      });

      it("acks both ways, with binary", async () => {
        const sio = await start();
        let serverGot: unknown;
        sio.on("connection", (s: AnyServer) => {
          s.on("upload", (bytes: Buffer, ack: (...a: unknown[]) => void) => {
            serverGot = bytes;
            ack("stored", Buffer.from([9, 8, 7]));
          });
          s.emit("ask", "q", (answer: string, data: Buffer) => s.emit("answered", answer, [...data]));
        });
        const socket = connect();
        socket.on("ask", (question: string, ack: (...a: unknown[]) => void) =>
          ack(question + "!", new Uint8Array([1, 2, 3])),
        );
        const answered = once(socket, "answered");
        const [status, bytes] = await new Promise<unknown[]>((resolve) =>
          socket.emit("upload", new Uint8Array([4, 5, 6]), (...args: unknown[]) => resolve(args)),
        );
        expect(status).to.equal("stored");
        expect(bytesOf(bytes)).to.deep.equal([9, 8, 7]);
        expect(bytesOf(serverGot)).to.deep.equal([4, 5, 6]);
        expect(await answered).to.deep.equal(["q!", [1, 2, 3]]);
      });

      it("timeout().emit gets an error when no answer comes, emitWithAck resolves or rejects", async () => {
        const sio = await start();
        sio.on("connection", (s: AnyServer) => {
          s.on("ignored", () => {});
          s.on("echo", (v: unknown, ack: (v: unknown) => void) => ack(v));
        });
        const socket = connect();
        await once(socket, "connect");
        const [err] = await new Promise<unknown[]>((resolve) =>
          socket.timeout(100).emit("ignored", 1, (...args: unknown[]) => resolve(args)),
        );
        expect(err).to.be.instanceOf(Error);
        expect((err as Error).message).to.equal("operation has timed out");
        const [noErr, value] = await new Promise<unknown[]>((resolve) =>
          socket.timeout(2000).emit("echo", 5, (...args: unknown[]) => resolve(args)),
        );
        expect(noErr).to.equal(null);
        expect(value).to.equal(5);
        expect(await socket.emitWithAck("echo", { x: 1 })).to.deep.equal({ x: 1 });
        expect(await socket.timeout(2000).emitWithAck("echo", "y")).to.equal("y");
        const rejection = await socket.timeout(100).emitWithAck("ignored").then(
          () => undefined,
          (e: Error) => e,
        );
        expect(rejection?.message).to.equal("operation has timed out");
      });

      it("receives broadcasts to a room it joined, and not to others", async () => {
        const sio = await start();
        sio.on("connection", (s: AnyServer) => s.on("join", (room: string, ack: () => void) => (s.join(room), ack())));
        const member = connect();
        const outsider = connect();
        const outsiderGot: unknown[] = [];
        outsider.onAny((...args) => outsiderGot.push(args));
        await Promise.all([once(member, "connect"), once(outsider, "connect")]);
        await member.emitWithAck("join", "red");
        const got = once(member, "news");
        sio.to("red").emit("news", "for red");
        expect(await got).to.deep.equal(["for red"]);
        // a broadcast to everyone after the room one: the outsider sees only this
        const all = once(outsider, "all");
        sio.emit("all", 1);
        await all;
        expect(outsiderGot).to.deep.equal([["all", 1]]);
      });

      it("reconnects after the server drops the transport, with reason transport close", async () => {
        const sio = await start();
        const serverSockets: AnyServer[] = [];
        sio.on("connection", (s: AnyServer) => serverSockets.push(s));
        const socket = connect();
        await once(socket, "connect");
        const firstId = socket.id;
        const attempts: number[] = [];
        socket.io.on("reconnect_attempt", (n) => attempts.push(n));
        const disconnected = once(socket, "disconnect");
        await upgraded(serverSockets[0]);
        serverSockets[0].conn.close();
        const [reason] = await disconnected;
        expect(reason).to.equal("transport close");
        expect(socket.connected).to.equal(false);
        expect(socket.id).to.equal(undefined);
        const [attempt] = await once(socket.io, "reconnect");
        await until(() => socket.connected);
        expect(attempt).to.equal(1);
        expect(attempts).to.deep.equal([1]);
        expect(socket.id).to.be.a("string").and.not.equal(firstId);
        expect(serverSockets).to.have.length(2);
        const echoed = once(socket, "echoed");
        serverSockets[1].emit("echoed", "after reconnect");
        expect(await echoed).to.deep.equal(["after reconnect"]);
      });

      it("recovers missed events once, in order, without the offset in the listener's args", async () => {
        const sio = await start({ connectionStateRecovery: { maxDisconnectionDuration: 10000 } });
        const serverSockets: AnyServer[] = [];
        sio.on("connection", (s: AnyServer) => serverSockets.push(s));
        const socket = connect();
        const events: unknown[][] = [];
        socket.on("tick", (...args: unknown[]) => events.push(args));
        await once(socket, "connect");
        expect(socket.recovered).to.equal(false);
        const firstId = socket.id;
        sio.emit("tick", 1, "one");
        await until(() => events.length === 1);
        // stop reconnection so the server emits while the client is surely away
        socket.io.reconnection(false);
        const serverGone = once(serverSockets[0], "disconnect");
        await upgraded(serverSockets[0]);
        serverSockets[0].conn.close();
        await serverGone;
        await until(() => !socket.connected);
        sio.emit("tick", 2, "two");
        sio.emit("tick", 3, "three");
        socket.io.reconnection(true);
        socket.connect();
        await once(socket, "connect");
        expect(socket.recovered).to.equal(true);
        expect(socket.id).to.equal(firstId);
        await sleep(100);
        expect(events).to.deep.equal([
          [1, "one"],
          [2, "two"],
          [3, "three"],
        ]);
        // the next live event still arrives without its offset
        sio.emit("tick", 4, "four");
        await until(() => events.length === 4);
        expect(events[3]).to.deep.equal([4, "four"]);
      });

      it("reports a middleware refusal as connect_error with message and data", async () => {
        const sio = await start();
        sio.of("/secure").use((_s: AnyServer, next: (err?: Error) => void) =>
          next(Object.assign(new Error("not authorized"), { data: { reason: "no token" } })),
        );
        const socket = connect("/secure");
        const [err] = await once<[Error & { data?: unknown }]>(socket, "connect_error");
        expect(err.message).to.equal("not authorized");
        expect(err.data).to.deep.equal({ reason: "no token" });
        expect(socket.active).to.equal(false);
        expect(socket.connected).to.equal(false);
      });

      it("retries with ackTimeout, one packet in flight, in order", async () => {
        const sio = await start();
        const seen: number[] = [];
        sio.on("connection", (s: AnyServer) =>
          s.on("job", (n: number, ack: (v: number) => void) => {
            seen.push(n);
            // answer only the second delivery of each job
            if (seen.filter((x) => x === n).length === 2) ack(n * 10);
          }),
        );
        const socket = connect("/", { retries: 3, ackTimeout: 150 });
        const answers: unknown[][] = [];
        for (let n = 1; n <= 3; n++) socket.emit("job", n, (...args: unknown[]) => answers.push(args));
        await until(() => answers.length === 3, 8000);
        expect(answers).to.deep.equal([
          [null, 10],
          [null, 20],
          [null, 30],
        ]);
        expect(seen).to.deep.equal([1, 1, 2, 2, 3, 3]);
      });

      it("gives up after the retries are spent", async () => {
        const sio = await start();
        let deliveries = 0;
        sio.on("connection", (s: AnyServer) => s.on("never", () => deliveries++));
        const socket = connect("/", { retries: 2, ackTimeout: 80 });
        const [err] = await new Promise<unknown[]>((resolve) =>
          socket.emit("never", (...args: unknown[]) => resolve(args)),
        );
        expect((err as Error).message).to.equal("operation has timed out");
        expect(deliveries).to.equal(3);
      });

      it("reports io server disconnect and does not reconnect", async () => {
        const sio = await start();
        let connections = 0;
        sio.on("connection", (s: AnyServer) => {
          connections++;
          s.on("kick", () => s.disconnect());
        });
        const socket = connect();
        await once(socket, "connect");
        const disconnected = once(socket, "disconnect");
        socket.emit("kick");
        expect((await disconnected)[0]).to.equal("io server disconnect");
        expect(socket.active).to.equal(false);
        await sleep(300);
        expect(connections).to.equal(1);
        expect(socket.connected).to.equal(false);
      });

      it("reports io client disconnect, and the server sees the socket leave", async () => {
        const sio = await start();
        const serverReason = new Promise<string>((resolve) =>
          sio.on("connection", (s: AnyServer) => s.on("disconnect", resolve)),
        );
        const socket = connect();
        await once(socket, "connect");
        const disconnected = once(socket, "disconnect");
        socket.disconnect();
        expect((await disconnected)[0]).to.equal("io client disconnect");
        expect(await serverReason).to.equal("client namespace disconnect");
        expect(socket.active).to.equal(false);
      });

      it("re-evaluates an auth function on every connection", async () => {
        const sio = await start();
        const tokens: unknown[] = [];
        const serverSockets: AnyServer[] = [];
        sio.on("connection", (s: AnyServer) => {
          tokens.push(s.handshake.auth.token);
          serverSockets.push(s);
        });
        let calls = 0;
        const socket = connect("/", { auth: (cb: (d: object) => void) => cb({ token: `t${++calls}` }) });
        await once(socket, "connect");
        await upgraded(serverSockets[0]);
        serverSockets[0].conn.close();
        await once(socket.io, "reconnect");
        await until(() => tokens.length === 2);
        expect(tokens).to.deep.equal(["t1", "t2"]);
      });

      it("calls catch-all listeners for incoming and outgoing events", async () => {
        const sio = await start();
        sio.on("connection", (s: AnyServer) => s.on("ping-me", () => s.emit("pong-you", 2)));
        const socket = connect();
        const incoming: unknown[][] = [];
        const outgoing: unknown[][] = [];
        const dropped = (): void => {
          throw new Error("removed listener was called");
        };
        socket.onAny((...args) => incoming.push(args));
        socket.onAnyOutgoing((...args) => outgoing.push(args));
        socket.onAnyOutgoing(dropped);
        socket.offAnyOutgoing(dropped);
        expect(socket.listenersAnyOutgoing()).to.have.length(1);
        socket.emit("ping-me", 1);
        await until(() => incoming.length === 1);
        expect(incoming).to.deep.equal([["pong-you", 2]]);
        expect(outgoing).to.deep.equal([["ping-me", 1]]);
      });
    });
  }
}

/**
 * The socket.io adapter contract (lib/adapter-contract.ts): socket.io-adapter's
 * own classes, the base of every cluster adapter, run as `adapter:` on a volley
 * server, and the behaviour apps rely on (rooms, broadcasts with to/except,
 * acks, fetchSockets, bulk operations, catch-all, binary, recovery) holds,
 * with each broadcast encoded once.
 */
import { expect } from "chai";
import { Adapter as SioAdapter, SessionAwareAdapter as SioSessionAwareAdapter } from "socket.io-adapter";
import type { Socket as ClientSocket } from "socket.io-client";
import type { Socket as ServerSocket } from "../../lib/index.js";
import { startServer, TRANSPORT_MODES, until, waitFor, sleep, type TestServer } from "../support/server-helpers.js";

const mode = TRANSPORT_MODES[1]; // websocket: the adapter contract does not depend on the transport

describe("server: socket.io-adapter's Adapter as a foreign adapter", () => {
  let srv: TestServer;
  let encodes: number;

  /** Three connected clients, their server sockets by client id. */
  async function connectThree(): Promise<{ clients: ClientSocket[]; sockets: Map<string, ServerSocket> }> {
    const sockets = new Map<string, ServerSocket>();
    srv.io.on("connection", (socket: ServerSocket) => sockets.set(socket.id, socket));
    const clients = [srv.client(), srv.client(), srv.client()];
    await Promise.all(clients.map((c) => waitFor(c, "connect")));
    await until(() => sockets.size === 3);
    return { clients, sockets };
  }

  function serverSocketOf(sockets: Map<string, ServerSocket>, client: ClientSocket): ServerSocket {
    return sockets.get(client.id as string) as ServerSocket;
  }

  beforeEach(async () => {
    srv = await startServer(mode);
    encodes = 0;
    // Count encodings: the adapter reads server.encoder when it is constructed.
    const encoder = srv.io.encoder;
    (srv.io as unknown as { encoder: typeof encoder }).encoder = {
      encode: (packet) => {
        encodes++;
        return encoder.encode(packet);
      },
    };
    srv.io.adapter(SioAdapter as never);
  });
  afterEach(() => srv.close());

  it("is the namespace's adapter and broadcasts to rooms with to/except, encoding once", async () => {
    expect(srv.io.sockets.adapter).to.be.instanceOf(SioAdapter);
    const { clients, sockets } = await connectThree();
    const [a, b, c] = clients as [ClientSocket, ClientSocket, ClientSocket];
    await serverSocketOf(sockets, a).join(["r1", "r2"]);
    await serverSocketOf(sockets, b).join("r1");
    const got: string[] = [];
    for (const [name, client] of [["a", a], ["b", b], ["c", c]] as const) client.on("news", (n: number) => got.push(`${name}${n}`));
    srv.io.to("r1").to("r2").emit("news", 1); // a once, b
    srv.io.to("r1").except("r2").emit("news", 2); // b
    srv.io.except("r1").emit("news", 3); // c
    serverSocketOf(sockets, a).broadcast.emit("news", 4); // b, c
    await until(() => got.length === 6);
    await sleep(30);
    expect(got.sort()).to.deep.equal(["a1", "b1", "b2", "b4", "c3", "c4"]);
    expect(encodes).to.equal(4);
    expect(srv.io.sockets.adapter.rooms.get("r1")).to.deep.equal(new Set([a.id, b.id]));
    expect(serverSocketOf(sockets, a).rooms).to.deep.equal(new Set([a.id, "r1", "r2"]));
  });

  it("sends binary attachments and calls onAnyOutgoing for broadcasts", async () => {
    const { clients, sockets } = await connectThree();
    const outgoing: unknown[][] = [];
    serverSocketOf(sockets, clients[0] as ClientSocket).onAnyOutgoing((...args: unknown[]) => outgoing.push(args));
    const received = waitFor<[Buffer]>(clients[0] as ClientSocket, "bin");
    srv.io.emit("bin", Buffer.from([1, 2, 3]));
    const [data] = await received;
    expect([...new Uint8Array(data)]).to.deep.equal([1, 2, 3]);
    expect(outgoing.map((args) => args[0])).to.deep.equal(["bin"]);
  });

  it("collects every client's ack of a broadcast, and times out on a missing one", async () => {
    const { clients } = await connectThree();
    clients.forEach((client, i) => client.on("ask", (ack: (n: number) => void) => ack(i)));
    const answers = await srv.io.timeout(2000).emitWithAck("ask");
    expect((answers as number[]).sort()).to.deep.equal([0, 1, 2]);
    (clients[2] as ClientSocket).off("ask");
    (clients[2] as ClientSocket).on("ask", () => {});
    const err = await srv.io
      .timeout(150)
      .emitWithAck("ask")
      .then(
        () => null,
        (e: Error & { responses: unknown[] }) => e,
      );
    expect(err?.message).to.equal("operation has timed out");
    expect((err?.responses as number[]).sort()).to.deep.equal([0, 1]);
  });

  it("fetchSockets, socketsJoin, socketsLeave and disconnectSockets act on the matching sockets", async () => {
    const { clients, sockets } = await connectThree();
    const [a, b, c] = clients as [ClientSocket, ClientSocket, ClientSocket];
    serverSocketOf(sockets, a).data = { user: "ann" };
    srv.io.in(a.id as string).socketsJoin(["vip", "x"]);
    srv.io.in("x").socketsLeave("x");
    const vip = await srv.io.in("vip").fetchSockets();
    expect(vip.map((s) => s.id)).to.deep.equal([a.id]);
    expect(vip[0]?.data).to.deep.equal({ user: "ann" });
    expect(await srv.io.in("vip").allSockets()).to.deep.equal(new Set([a.id]));
    const disconnected = waitFor(b, "disconnect");
    srv.io.except("vip").in(b.id as string).disconnectSockets();
    expect((await disconnected)[0]).to.equal("io server disconnect");
    expect(c.connected).to.equal(true);
    expect((await srv.io.fetchSockets()).map((s) => s.id).sort()).to.deep.equal([a.id, c.id].sort());
  });

  it("serverSideEmit without a cluster: the ack gets no answers", async () => {
    expect(await srv.io.serverSideEmitWithAck("ping")).to.deep.equal([]);
  });
});

describe("server: socket.io-adapter's SessionAwareAdapter as a foreign adapter", () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startServer(mode, { connectionStateRecovery: { maxDisconnectionDuration: 10_000 }, adapter: SioSessionAwareAdapter as never });
  });
  afterEach(() => srv.close());

  it("recovers a dropped client with its missed events and rooms", async () => {
    const sockets: ServerSocket[] = [];
    srv.io.on("connection", (socket: ServerSocket) => {
      sockets.push(socket);
      if (!socket.recovered) void socket.join("room");
    });
    const client = srv.client("/", { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 50 });
    const received: number[] = [];
    client.on("evt", (n: number) => received.push(n));
    await waitFor(client, "connect");
    srv.io.to("room").emit("evt", 1);
    await until(() => received.length === 1);
    const id = client.id;
    sockets[0]?.conn.close();
    await waitFor(client, "disconnect");
    srv.io.to("room").emit("evt", 2);
    srv.io.emit("evt", 3);
    await waitFor(client, "connect");
    expect(client.recovered).to.equal(true);
    expect(client.id).to.equal(id);
    await until(() => received.length === 3);
    expect(received).to.deep.equal([1, 2, 3]);
    expect(sockets[1]?.rooms.has("room")).to.equal(true);
  });
});

import { expect } from "chai";
import { TRANSPORT_MODES, startServer, waitFor, sleep, until, type TestServer } from "../support/server-helpers.js";
import type { Socket as ClientSocket } from "socket.io-client";
import type { Socket } from "../../lib/index.js";

for (const mode of TRANSPORT_MODES) {
  describe(`server: rooms and broadcasts (${mode.name})`, () => {
    let srv: TestServer;
    let serverSockets: Socket[];
    let clients: ClientSocket[];

    async function connectMany(n: number): Promise<void> {
      serverSockets = [];
      clients = [];
      for (let i = 0; i < n; i++) {
        const connection = waitFor<[Socket]>(srv.io, "connection");
        const client = srv.client();
        clients.push(client);
        const [socket] = await connection;
        await waitFor(client, "connect").catch(() => undefined).then(() => undefined);
        serverSockets.push(socket);
      }
    }

    function collect(event: string): string[][] {
      const got: string[][] = clients.map(() => []);
      clients.forEach((c, i) => c.on(event, (v: string) => got[i]!.push(v)));
      return got;
    }

    beforeEach(async () => {
      srv = await startServer(mode);
    });
    afterEach(() => srv.close());

    it("io.emit reaches everyone; to/except/socket.broadcast select", async () => {
      await connectMany(3);
      const [a, b, c] = serverSockets as [Socket, Socket, Socket];
      await a.join("red");
      await b.join(["red", "blue"]);
      await c.join("blue");
      const got = collect("news");
      srv.io.emit("news", "all");
      srv.io.to("red").emit("news", "red");
      srv.io.to("red").to("blue").emit("news", "red+blue once");
      srv.io.except("blue").emit("news", "not blue");
      srv.io.to("blue").except("red").emit("news", "blue not red");
      a.broadcast.emit("news", "not a");
      b.to("blue").emit("news", "blue but b");
      srv.io.of("/").in(c.id).emit("news", "only c");
      await until(() => got[2]!.length >= 5);
      await sleep(50);
      expect(got[0]).to.deep.equal(["all", "red", "red+blue once", "not blue"]);
      expect(got[1]).to.deep.equal(["all", "red", "red+blue once", "not a"]);
      expect(got[2]).to.deep.equal(["all", "red+blue once", "blue not red", "not a", "blue but b", "only c"]);
    });

    it("leave and rooms reflect membership; disconnect leaves every room", async () => {
      await connectMany(2);
      const [a, b] = serverSockets as [Socket, Socket];
      await a.join(["x", "y"]);
      await a.leave("x");
      expect([...a.rooms].sort()).to.deep.equal([a.id, "y"].sort());
      expect(srv.io.sockets.adapter.rooms.get("y")?.has(a.id)).to.equal(true);
      const gone = waitFor(a, "disconnect");
      clients[0]!.disconnect();
      await gone;
      expect(srv.io.sockets.adapter.rooms.has("y")).to.equal(false);
      expect(srv.io.sockets.adapter.sids.has(a.id)).to.equal(false);
      expect(srv.io.sockets.sockets.has(b.id)).to.equal(true);
    });

    it("broadcast with ack collects every answer, and times out with partial answers", async () => {
      await connectMany(3);
      clients.forEach((c, i) => c.on("poll", (ack: (v: number) => void) => ack(i)));
      const answers = (await srv.io.timeout(2000).emitWithAck("poll")) as number[];
      expect([...answers].sort()).to.deep.equal([0, 1, 2]);
      const viaCallback = await new Promise<unknown[]>((resolve) => srv.io.timeout(2000).emit("poll", (err: Error | null, res: unknown) => resolve([err, res])));
      expect(viaCallback[0]).to.equal(null);
      expect((viaCallback[1] as number[]).length).to.equal(3);
      clients[2]!.off("poll");
      clients[2]!.on("poll", () => {});
      let failure: (Error & { responses?: unknown[] }) | undefined;
      await srv.io.timeout(150).emitWithAck("poll").catch((e: Error) => (failure = e));
      expect(failure!.message).to.equal("operation has timed out");
      expect([...(failure!.responses as number[])].sort()).to.deep.equal([0, 1]);
    });

    it("broadcast with ack to nobody resolves with an empty array", async () => {
      expect(await srv.io.to("empty-room").timeout(500).emitWithAck("poll")).to.deep.equal([]);
    });

    it("fetchSockets, socketsJoin, socketsLeave, disconnectSockets", async () => {
      await connectMany(3);
      const [a, b, c] = serverSockets as [Socket, Socket, Socket];
      a.data = { name: "a" };
      await b.join("room");
      const all = await srv.io.fetchSockets();
      expect(all.map((s) => s.id).sort()).to.deep.equal([a.id, b.id, c.id].sort());
      const inRoom = await srv.io.in("room").fetchSockets();
      expect(inRoom.map((s) => s.id)).to.deep.equal([b.id]);
      const fetchedA = all.find((s) => s.id === a.id)!;
      expect(fetchedA.data).to.deep.equal({ name: "a" });
      srv.io.except("room").socketsJoin("others");
      expect(a.rooms.has("others") && c.rooms.has("others") && !b.rooms.has("others")).to.equal(true);
      srv.io.in("others").socketsLeave("others");
      expect(a.rooms.has("others")).to.equal(false);
      const reasons = Promise.all([waitFor(clients[0]!, "disconnect"), waitFor(a, "disconnect")]);
      srv.io.in(a.id).disconnectSockets();
      const [[clientReason], [serverReason]] = await reasons;
      expect(clientReason).to.equal("io server disconnect");
      expect(serverReason).to.equal("server namespace disconnect");
      expect(srv.io.sockets.sockets.size).to.equal(2);
    });

    it("fetched sockets emit with ack", async () => {
      await connectMany(1);
      clients[0]!.on("q", (ack: (v: string) => void) => ack("pong"));
      const [remote] = await srv.io.fetchSockets();
      const answer = await new Promise((resolve) => remote!.timeout(2000).emit("q", (_err: Error | null, v: unknown) => resolve(v)));
      expect(answer).to.equal("pong");
    });

    it("onAnyOutgoing sees emits and broadcasts", async () => {
      await connectMany(1);
      const seen: unknown[][] = [];
      serverSockets[0]!.onAnyOutgoing((...args: unknown[]) => seen.push(args));
      serverSockets[0]!.emit("direct", 1);
      srv.io.emit("broad", 2);
      expect(seen).to.deep.equal([["direct", 1], ["broad", 2]]);
    });
  });
}

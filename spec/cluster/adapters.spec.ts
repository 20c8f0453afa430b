/**
 * Several volley servers on socket.io's cluster adapters: one suite run on
 * Redis, Redis Streams, Postgres (nodes in this process) and node:cluster
 * (nodes in worker processes), with official socket.io-client clients on
 * different nodes. Every cluster-wide operation of socket.io 4's API is
 * checked across nodes. The "mixed" variant runs node B on socket.io 4.8 with
 * the same Redis adapter and key: a cluster moving to volley one node at a
 * time behaves as one cluster, both ways.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Socket as ClientSocket } from "socket.io-client";
import { REDIS_URL, deleteRedisKey, eventually, requireService, uniquePrefix } from "./support/env.js";
import type { AdapterKind } from "./support/adapters.js";
import type { ServerKind } from "./support/server-node.js";
import { Clients, startInProcessNode, startWorkerNode, type ClusterNode } from "./support/nodes.js";
import { sleep, until, waitFor } from "../support/wait.js";

interface Variant {
  adapter: AdapterKind;
  service?: "redis" | "postgres";
  workers: boolean;
  /** The server of node B (node A is always volley). */
  nodeB: ServerKind;
}

const VARIANTS: Variant[] = [
  { adapter: "redis", service: "redis", workers: false, nodeB: "volley" },
  { adapter: "redis-streams", service: "redis", workers: false, nodeB: "volley" },
  { adapter: "postgres", service: "postgres", workers: false, nodeB: "volley" },
  { adapter: "cluster", workers: true, nodeB: "volley" },
  { adapter: "redis", service: "redis", workers: false, nodeB: "socket.io" },
];

const EMITTER_SCRIPT = fileURLToPath(new URL("./support/emit-from-process.ts", import.meta.url));

/** What a client receives of one event, in order. */
function record(socket: ClientSocket, event: string): unknown[] {
  const got: unknown[] = [];
  socket.on(event, (value: unknown) => got.push(value));
  return got;
}

async function connected(...sockets: ClientSocket[]): Promise<void> {
  await Promise.all(sockets.map((s) => (s.connected ? undefined : waitFor(s, "connect"))));
}

let roomCounter = 0;
function freshRoom(label: string): string {
  return `${label}-${roomCounter++}`;
}

for (const variant of VARIANTS) {
  const title = variant.nodeB === "volley" ? `volley on ${variant.adapter} adapter` : `mixed cluster: volley node A + socket.io 4.8 node B on ${variant.adapter} adapter`;
  describe(`cluster: ${title}`, function () {
    this.timeout(20_000);
    let prefix: string;
    let A: ClusterNode;
    let B: ClusterNode;
    const clients = new Clients();

    before(async function () {
      if (variant.service) await requireService(this, variant.service);
      prefix = uniquePrefix(variant.adapter);
      const start = variant.workers ? startWorkerNode : startInProcessNode;
      A = await start({ name: "A", server: "volley", adapter: variant.adapter, prefix });
      B = await start({ name: "B", server: variant.nodeB, adapter: variant.adapter, prefix });
      // Each node must see the other before anything is asserted (heartbeats, subscriptions, stream readers).
      await eventually(async () => (await A.call("serverCount")) === 2 && (await B.call("serverCount")) === 2, 10_000);
      const a = clients.connect(A);
      const b = clients.connect(B);
      await connected(a, b);
      for (const [from, to] of [
        [A, b],
        [B, a],
      ] as const) {
        let seen = false;
        to.once("sync", () => (seen = true));
        for (let i = 0; i < 100 && !seen; i++) {
          await from.call("emit", { event: "sync" });
          await sleep(50);
        }
        expect(seen, `a broadcast from ${from.name} reaches the other node`).to.equal(true);
      }
      clients.closeAll();
    });

    afterEach(() => clients.closeAll());
    after(async () => {
      await A?.close();
      await B?.close();
      if (variant.adapter === "redis-streams") await deleteRedisKey(`${prefix}-stream`);
    });

    it("room broadcasts with to/in/except reach the matching clients on both nodes", async () => {
      const [r1, r2] = [freshRoom("r"), freshRoom("r")];
      const a1 = clients.connect(A);
      const b1 = clients.connect(B, "/", { transports: ["polling"] });
      const b2 = clients.connect(B);
      await connected(a1, b1, b2);
      const got = [a1, b1, b2].map((s) => record(s, "m"));
      await A.call("join", { id: a1.id, rooms: [r1] });
      await B.call("join", { id: b1.id, rooms: [r1, r2] });
      await B.call("join", { id: b2.id, rooms: [r2] });
      await A.call("emit", { to: [r1], event: "m", args: [1] }); // a1, b1
      await A.call("emit", { to: [r1], except: [r2], event: "m", args: [2] }); // a1
      await A.call("emit", { to: [r2], event: "m", args: [3] }); // b1, b2 (in = to)
      await B.call("emit", { to: [r1, r2], except: [r1], event: "m", args: [4] }); // b2
      await B.call("emit", { to: [r1, r2], event: "m", args: [5] }); // each once: a1, b1, b2
      await until(() => got[0]!.length >= 3 && got[1]!.length >= 3 && got[2]!.length >= 3);
      await sleep(100);
      expect(got.map((g) => [...(g as number[])].sort())).to.deep.equal([
        [1, 2, 5],
        [1, 3, 5],
        [3, 4, 5],
      ]);
    });

    it("volatile broadcasts cross nodes; local ones stay on their node", async () => {
      const a1 = clients.connect(A);
      const b1 = clients.connect(B);
      await connected(a1, b1);
      const [gotA, gotB] = [record(a1, "v"), record(b1, "v")];
      await A.call("emit", { volatile: true, event: "v", args: ["volatile"] });
      await A.call("emit", { local: true, event: "v", args: ["local"] });
      await B.call("emit", { local: true, event: "v", args: ["local-B"] });
      await until(() => gotA.length === 2 && gotB.length === 2);
      await sleep(100);
      expect([...gotA].sort()).to.deep.equal(["local", "volatile"]);
      expect([...gotB].sort()).to.deep.equal(["local-B", "volatile"]);
    });

    it("a broadcast with acks collects every node's answers, and times out naming the missing ones", async () => {
      const room = freshRoom("ack");
      const a1 = clients.connect(A);
      const b1 = clients.connect(B);
      const b2 = clients.connect(B);
      await connected(a1, b1, b2);
      a1.on("ask", (ack: (v: string) => void) => ack("a1"));
      b1.on("ask", (ack: (v: string) => void) => ack("b1"));
      b2.on("ask", () => {}); // never answers
      await A.call("join", { id: a1.id, rooms: [room] });
      await B.call("join", { id: b1.id, rooms: [room] });
      const all = await A.call<{ answers: string[] }>("emitWithAck", { to: [room], timeout: 5000, event: "ask" });
      expect(all.answers.sort()).to.deep.equal(["a1", "b1"]);
      await B.call("join", { id: b2.id, rooms: [room] });
      const partial = await A.call<{ error: string; responses: string[] }>("emitWithAck", { to: [room], timeout: 800, event: "ask" });
      expect(partial.error).to.equal("operation has timed out");
      expect(partial.responses.sort()).to.deep.equal(["a1", "b1"]);
    });

    it("fetchSockets finds sockets of both nodes; a RemoteSocket emits, joins, leaves and disconnects", async () => {
      const room = freshRoom("fs");
      const a1 = clients.connect(A);
      const b1 = clients.connect(B);
      await connected(a1, b1);
      await A.call("join", { id: a1.id, rooms: [room] });
      await B.call("join", { id: b1.id, rooms: [room] });
      await B.call("setData", { id: b1.id, data: { user: "bob" } });
      const found = await A.call<{ id: string; rooms: string[]; data: unknown }[]>("fetchSockets", { to: [room] });
      expect(found.map((s) => s.id).sort()).to.deep.equal([a1.id, b1.id].sort());
      const remote = found.find((s) => s.id === b1.id);
      expect(remote?.rooms).to.deep.equal([b1.id as string, room].sort());
      expect(remote?.data).to.deep.equal({ user: "bob" });

      const direct = waitFor(b1, "direct");
      await A.call("remote", { id: b1.id, action: "emit", event: "direct", args: ["hi"] });
      expect(await direct).to.deep.equal(["hi"]);
      b1.on("q", (ack: (v: string) => void) => ack("answer"));
      expect(await A.call("remote", { id: b1.id, action: "emitWithAck", event: "q", timeout: 3000 })).to.equal("answer");
      await A.call("remote", { id: b1.id, action: "join", room: "vip" });
      await eventually(async () => (await B.call<{ id: string; rooms: string[] }[]>("localSockets")).some((s) => s.id === b1.id && s.rooms.includes("vip")));
      await A.call("remote", { id: b1.id, action: "leave", room: "vip" });
      await eventually(async () => (await B.call<{ id: string; rooms: string[] }[]>("localSockets")).some((s) => s.id === b1.id && !s.rooms.includes("vip")));
      const gone = waitFor(b1, "disconnect");
      await A.call("remote", { id: b1.id, action: "disconnect" });
      expect((await gone)[0]).to.equal("io server disconnect");
    });

    it("socketsJoin, socketsLeave and disconnectSockets act on both nodes", async () => {
      const [room, joined] = [freshRoom("sj"), freshRoom("joined")];
      const a1 = clients.connect(A);
      const b1 = clients.connect(B);
      const b2 = clients.connect(B);
      await connected(a1, b1, b2);
      await A.call("join", { id: a1.id, rooms: [room] });
      await B.call("join", { id: b1.id, rooms: [room] });
      const inRoom = async (node: ClusterNode, id: string | undefined, r: string) =>
        (await node.call<{ id: string; rooms: string[] }[]>("localSockets")).some((s) => s.id === id && s.rooms.includes(r));
      await B.call("socketsJoin", { to: [room], rooms: [joined] });
      await eventually(async () => (await inRoom(A, a1.id, joined)) && (await inRoom(B, b1.id, joined)));
      expect(await inRoom(B, b2.id, joined)).to.equal(false);
      await A.call("socketsLeave", { to: [room], except: [a1.id as string], rooms: [joined] });
      await eventually(async () => !(await inRoom(B, b1.id, joined)));
      expect(await inRoom(A, a1.id, joined)).to.equal(true);
      const gone = [waitFor(a1, "disconnect"), waitFor(b1, "disconnect")];
      await A.call("disconnectSockets", { to: [room] });
      expect((await Promise.all(gone)).map((args) => args[0])).to.deep.equal(["io server disconnect", "io server disconnect"]);
      await sleep(100);
      expect(b2.connected).to.equal(true);
    });

    it("serverSideEmit reaches the other node only; serverSideEmitWithAck collects its answer, both ways", async () => {
      const token = freshRoom("note");
      await A.call("serverSideEmit", { event: "note", args: [token] });
      await eventually(async () => (await B.call<unknown[][]>("notes")).some((n) => n[1] === token));
      await sleep(100);
      expect((await A.call<unknown[][]>("notes")).some((n) => n[1] === token)).to.equal(false);
      expect(await A.call("serverSideEmitWithAck", { event: "ask-node", args: ["x"] })).to.deep.equal(["B:x"]);
      expect(await B.call("serverSideEmitWithAck", { event: "ask-node", args: ["y"] })).to.deep.equal(["A:y"]);
    });

    it("a dynamic namespace broadcasts to its clients on both nodes", async () => {
      const a1 = clients.connect(A, "/dyn-7");
      const b1 = clients.connect(B, "/dyn-7");
      const main = clients.connect(B);
      await connected(a1, b1, main);
      // Each node created /dyn-7 on its client's CONNECT: wait until their adapters see each other.
      await eventually(async () => (await A.call("serverCount", { nsp: "/dyn-7" })) === 2 && (await B.call("serverCount", { nsp: "/dyn-7" })) === 2);
      const got = [a1, b1, main].map((s) => record(s, "d"));
      await A.call("emit", { nsp: "/dyn-7", event: "d", args: [1] });
      await until(() => got[0]!.length === 1 && got[1]!.length === 1);
      await sleep(100);
      expect(got).to.deep.equal([[1], [1], []]);
      const found = await B.call<{ id: string }[]>("fetchSockets", { nsp: "/dyn-7" });
      expect(found.map((s) => s.id).sort()).to.deep.equal([a1.id, b1.id].sort());
    });

    if (variant.adapter === "redis") {
      it("@socket.io/redis-emitter from a process that is not a server reaches clients, rooms, namespaces and servers", async () => {
        const room = freshRoom("em");
        const a1 = clients.connect(A);
        const b1 = clients.connect(B);
        const d1 = clients.connect(B, "/dyn-9");
        await connected(a1, b1, d1);
        await B.call("join", { id: b1.id, rooms: [room] });
        const got = [a1, b1, d1].map((s) => record(s, "from-emitter"));
        const job = { url: REDIS_URL, key: prefix, clientName: `${prefix}-emitter`, room, socketId: a1.id };
        await new Promise<void>((resolve, reject) =>
          execFile(process.execPath, ["--import", "tsx", EMITTER_SCRIPT], { env: { ...process.env, EMITTER_JOB: JSON.stringify(job) } }, (err) =>
            err ? reject(err) : resolve(),
          ),
        );
        await until(() => got[0]!.length === 1 && got[1]!.length === 2 && got[2]!.length === 1);
        expect(got[0]).to.deep.equal(["all"]);
        expect([...got[1]!].sort()).to.deep.equal(["all", "room"]);
        expect(got[2]).to.deep.equal(["dyn"]);
        await eventually(async () => (await A.call<{ id: string; rooms: string[] }[]>("localSockets")).some((s) => s.id === a1.id && s.rooms.includes("joined-by-emitter")));
        await eventually(async () => (await A.call<unknown[][]>("notes")).some((n) => n[1] === "emitter") && (await B.call<unknown[][]>("notes")).some((n) => n[1] === "emitter"));
      });
    }
  });
}

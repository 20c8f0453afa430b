/**
 * Faults: the adapters' connections are killed, this run's own only: Redis
 * ones by CLIENT KILL, found by the CLIENT SETNAME each carries; PostgreSQL
 * ones by pg_terminate_backend, found by their application_name. Nothing in
 * volley crashes, and once the adapter's client has reconnected, broadcasts
 * and server-side emits flow again both ways.
 */
import { expect } from "chai";
import { createClient } from "redis";
import pg from "pg";
import { POSTGRES_URL, REDIS_URL, RUN_ID, eventually, requireService, uniquePrefix } from "./support/env.js";
import type { AdapterKind } from "./support/adapters.js";
import { Clients, startInProcessNode, type ClusterNode } from "./support/nodes.js";
import { sleep, waitFor } from "../support/wait.js";
import type { Socket as ClientSocket } from "socket.io-client";

/** `CLIENT LIST` entries whose name starts with `prefix`. */
type RedisClient = { sendCommand(args: string[]): Promise<unknown> };

async function ownConnections(redis: RedisClient, prefix: string): Promise<{ id: string; name: string }[]> {
  const list = await redis.sendCommand(["CLIENT", "LIST"]);
  return String(list)
    .split("\n")
    .map((line) => Object.fromEntries(line.split(" ").map((kv) => kv.split("=", 2) as [string, string])))
    .filter((entry) => typeof entry.name === "string" && entry.name.startsWith(prefix + "-"))
    .map((entry) => ({ id: entry.id as string, name: entry.name as string }));
}

/** The killer of one adapter's connections, and how many there must be. */
interface Killer {
  service: "redis" | "postgres";
  /** Kills this run's connections of the cluster `prefix`; returns how many. */
  kill(prefix: string): Promise<number>;
  /** How many a healthy two-node cluster holds (Postgres: at least, the pool grows). */
  expected: number;
  /** Whether every killed connection comes back under its name (node-redis does; pg's pool reconnects lazily). */
  comesBack?: (prefix: string) => Promise<boolean>;
  close(): Promise<void>;
}

async function redisKiller(expected: number): Promise<Killer> {
  const redis = createClient({ url: REDIS_URL, name: `${RUN_ID}-faults-spec` });
  await redis.connect();
  let killed: string[] = [];
  return {
    service: "redis",
    expected,
    async kill(prefix) {
      const victims = await ownConnections(redis, prefix);
      killed = victims.map((v) => v.id);
      for (const victim of victims) await redis.sendCommand(["CLIENT", "KILL", "ID", victim.id]);
      return victims.length;
    },
    // node-redis reconnects under the same names: as many as before, none of the killed ids.
    comesBack: async (prefix) => {
      const now = await ownConnections(redis, prefix);
      return now.length === killed.length && now.every((c) => !killed.includes(c.id));
    },
    close: () => redis.close(),
  };
}

async function postgresKiller(): Promise<Killer> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  return {
    service: "postgres",
    expected: 2,
    async kill(prefix) {
      const result = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1", [`${prefix}-%`]);
      return result.rowCount ?? 0;
    },
    close: () => admin.end(),
  };
}

/** Broadcasts from `from` until `to` receives it (bounded): delivery works again. */
async function deliveredEventually(from: ClusterNode, to: ClientSocket, event: string): Promise<void> {
  let seen = false;
  to.on(event, () => (seen = true));
  for (let i = 0; i < 150 && !seen; i++) {
    await from.call("emit", { event });
    await sleep(100);
  }
  expect(seen, `a broadcast from ${from.name} reaches the other node after the reconnection`).to.equal(true);
}

const VARIANTS: { adapter: AdapterKind; service: "redis" | "postgres"; killer: () => Promise<Killer> }[] = [
  // redis: pub + sub per node; redis-streams: the client, its subscriber and its stream reader per node.
  { adapter: "redis", service: "redis", killer: () => redisKiller(4) },
  { adapter: "redis-streams", service: "redis", killer: () => redisKiller(6) },
  { adapter: "postgres", service: "postgres", killer: postgresKiller },
];

for (const { adapter, service, killer: makeKiller } of VARIANTS) {
  describe(`cluster faults: the ${adapter} adapter's ${service} connections are killed`, function () {
    this.timeout(30_000);
    let prefix: string;
    let A: ClusterNode;
    let B: ClusterNode;
    let killer: Killer;
    const clients = new Clients();

    before(async function () {
      await requireService(this, service);
      prefix = uniquePrefix(`faults-${adapter}`);
      killer = await makeKiller();
      A = await startInProcessNode({ name: "A", server: "volley", adapter, prefix });
      B = await startInProcessNode({ name: "B", server: "volley", adapter, prefix });
      await eventually(async () => (await A.call("serverCount")) === 2 && (await B.call("serverCount")) === 2, 10_000);
    });

    after(async () => {
      clients.closeAll();
      await A?.close();
      await B?.close();
      if (adapter === "redis-streams") {
        const redis = createClient({ url: REDIS_URL });
        await redis.connect();
        await redis.del(`${prefix}-stream`);
        await redis.close();
      }
      await killer?.close();
    });

    it("nothing crashes, and delivery resumes both ways once the adapter reconnects", async () => {
      const a = clients.connect(A);
      const b = clients.connect(B);
      await Promise.all([waitFor(a, "connect"), waitFor(b, "connect")]);
      await deliveredEventually(A, b, "before-a");
      await deliveredEventually(B, a, "before-b");

      const killed = await killer.kill(prefix);
      if (service === "redis") expect(killed).to.equal(killer.expected);
      else expect(killed).to.be.at.least(killer.expected);
      // Broadcasts, acks and server-side emits while the connections are down: none may throw or crash.
      await A.call("emit", { event: "during" });
      await B.call("serverSideEmit", { event: "note", args: ["during"] });
      await A.call("emitWithAck", { event: "never-answered", timeout: 300 });

      // The adapter's client reconnects: delivery resumes.
      if (killer.comesBack) await eventually(() => killer.comesBack!(prefix), 15_000);
      await deliveredEventually(A, b, "after-a");
      await deliveredEventually(B, a, "after-b");
      expect(a.connected && b.connected).to.equal(true);
      expect(await A.call("serverSideEmitWithAck", { event: "ask-node", args: ["z"] })).to.deep.equal(["B:z"]);
    });
  });
}

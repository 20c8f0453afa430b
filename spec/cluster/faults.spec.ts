/**
 * Faults: the Redis connections of the adapters are killed (CLIENT KILL of
 * this run's own connections only, found by the CLIENT SETNAME every one of
 * them carries). Nothing in volley crashes, and once node-redis has
 * reconnected, broadcasts and server-side emits flow again both ways.
 */
import { expect } from "chai";
import { createClient } from "redis";
import { REDIS_URL, RUN_ID, eventually, requireService, uniquePrefix } from "./support/env.js";
import type { AdapterKind } from "./support/adapters.js";
import { Clients, startInProcessNode, type ClusterNode } from "./support/nodes.js";
import { sleep, waitFor } from "../support/wait.js";
import type { Socket as ClientSocket } from "socket.io-client";

/** `CLIENT LIST` entries whose name starts with `prefix`. */
async function ownConnections(redis: ReturnType<typeof createClient>, prefix: string): Promise<{ id: string; name: string }[]> {
  const list = await redis.sendCommand(["CLIENT", "LIST"]);
  return String(list)
    .split("\n")
    .map((line) => Object.fromEntries(line.split(" ").map((kv) => kv.split("=", 2) as [string, string])))
    .filter((entry) => typeof entry.name === "string" && entry.name.startsWith(prefix + "-"))
    .map((entry) => ({ id: entry.id as string, name: entry.name as string }));
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

for (const adapter of ["redis", "redis-streams"] as AdapterKind[]) {
  describe(`cluster faults: the ${adapter} adapter's Redis connections are killed`, function () {
    this.timeout(30_000);
    let prefix: string;
    let A: ClusterNode;
    let B: ClusterNode;
    let redis: ReturnType<typeof createClient>;
    const clients = new Clients();

    before(async function () {
      await requireService(this, "redis");
      prefix = uniquePrefix(`faults-${adapter}`);
      redis = createClient({ url: REDIS_URL, name: `${RUN_ID}-faults-spec` });
      await redis.connect();
      A = await startInProcessNode({ name: "A", server: "volley", adapter, prefix });
      B = await startInProcessNode({ name: "B", server: "volley", adapter, prefix });
      await eventually(async () => (await A.call("serverCount")) === 2 && (await B.call("serverCount")) === 2, 10_000);
    });

    after(async () => {
      clients.closeAll();
      await A?.close();
      await B?.close();
      if (redis) {
        if (adapter === "redis-streams") await redis.del(`${prefix}-stream`);
        await redis.close();
      }
    });

    it("nothing crashes, and delivery resumes both ways once the adapter reconnects", async () => {
      const a = clients.connect(A);
      const b = clients.connect(B);
      await Promise.all([waitFor(a, "connect"), waitFor(b, "connect")]);
      await deliveredEventually(A, b, "before-a");
      await deliveredEventually(B, a, "before-b");

      const victims = await ownConnections(redis, prefix);
      // redis: pub + sub per node; redis-streams: the client, its subscriber and its stream reader per node.
      expect(victims.length).to.equal(adapter === "redis" ? 4 : 6);
      for (const victim of victims) await redis.sendCommand(["CLIENT", "KILL", "ID", victim.id]);
      // Broadcasts, acks and server-side emits while the connections are down: none may throw or crash.
      await A.call("emit", { event: "during" });
      await B.call("serverSideEmit", { event: "note", args: ["during"] });
      await A.call("emitWithAck", { event: "never-answered", timeout: 300 });

      // node-redis reconnects (under the same names): delivery resumes.
      await eventually(async () => (await ownConnections(redis, prefix)).length === victims.length, 15_000);
      expect((await ownConnections(redis, prefix)).every((c) => !victims.some((v) => v.id === c.id))).to.equal(true);
      await deliveredEventually(A, b, "after-a");
      await deliveredEventually(B, a, "after-b");
      expect(a.connected && b.connected).to.equal(true);
      expect(await A.call("serverSideEmitWithAck", { event: "ask-node", args: ["z"] })).to.deep.equal(["B:z"]);
    });
  });
}

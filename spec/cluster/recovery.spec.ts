/**
 * Connection state recovery across nodes with @socket.io/redis-streams-adapter:
 * a client cut off from volley node A reconnects to volley node B and is
 * `recovered`, with its id, its rooms and every event it missed, once and in
 * the stream's order, whichever node emitted them.
 */
import { expect } from "chai";
import { createClient } from "redis";
import { REDIS_URL, RUN_ID, eventually, requireService, uniquePrefix } from "./support/env.js";
import { Clients, startInProcessNode, type ClusterNode } from "./support/nodes.js";
import { waitFor } from "../support/wait.js";

describe("cluster: connection state recovery across nodes (redis-streams adapter)", function () {
  this.timeout(20_000);
  let prefix: string;
  let A: ClusterNode;
  let B: ClusterNode;
  let redis: ReturnType<typeof createClient>;
  const clients = new Clients();

  before(async function () {
    await requireService(this, "redis");
    prefix = uniquePrefix("recovery");
    redis = createClient({ url: REDIS_URL, name: `${RUN_ID}-recovery-spec` });
    await redis.connect();
    A = await startInProcessNode({ name: "A", server: "volley", adapter: "redis-streams", prefix, recovery: true });
    B = await startInProcessNode({ name: "B", server: "volley", adapter: "redis-streams", prefix, recovery: true });
    await eventually(async () => (await A.call("serverCount")) === 2 && (await B.call("serverCount")) === 2, 10_000);
  });

  after(async () => {
    clients.closeAll();
    await A?.close();
    await B?.close();
    if (redis) {
      await redis.del(`${prefix}-stream`);
      await redis.close();
    }
  });

  it("a client cut off from A reconnects to B, recovered, with every missed event once and in order", async () => {
    const stream = `${prefix}-stream`;
    const client = clients.connect(A);
    const received: number[] = [];
    client.on("evt", (n: number) => received.push(n));
    await waitFor(client, "connect");
    const id = client.id as string;
    await A.call("join", { id, rooms: ["room"] });
    // The first event also gives the client an offset to recover from.
    await A.call("emit", { to: ["room"], event: "evt", args: [1] });
    await eventually(() => received.length === 1);
    const pid = await A.call<string>("pid", { id });

    // Cut off from A: the next connection goes to B.
    (client.io as unknown as { uri: string }).uri = B.url;
    const disconnected = waitFor(client, "disconnect");
    await A.call("cut", { id });
    expect((await disconnected)[0]).to.equal("transport close");
    await eventually(async () => (await redis.exists(`${prefix}:session:${pid}`)) === 1);

    // Missed events from both nodes; each waits for the previous one in the stream, so the order is known.
    const length0 = await redis.xLen(stream);
    await A.call("emit", { to: ["room"], event: "evt", args: [2] });
    await A.call("emit", { event: "evt", args: [3] });
    await eventually(async () => (await redis.xLen(stream)) === length0 + 2);
    await B.call("emit", { to: ["room"], event: "evt", args: [4] });
    await eventually(async () => (await redis.xLen(stream)) === length0 + 3);
    await A.call("emit", { to: ["other-room"], event: "evt", args: [-1] }); // not meant for it
    await A.call("emit", { except: ["room"], event: "evt", args: [-2] }); // not meant for it
    await A.call("emit", { event: "evt", args: [5] });
    await eventually(async () => (await redis.xLen(stream)) === length0 + 6);

    client.connect();
    await waitFor(client, "connect");
    expect(client.recovered).to.equal(true);
    expect(client.id).to.equal(id);
    await eventually(() => received.length === 5);
    const onB = await B.call<{ id: string; rooms: string[] }[]>("localSockets");
    expect(onB).to.deep.equal([{ id, rooms: [id, "room"].sort(), data: {} }]);
    await B.call("emit", { to: ["room"], event: "evt", args: [6] });
    await eventually(() => received.length === 6);
    expect(received).to.deep.equal([1, 2, 3, 4, 5, 6]);
  });
});

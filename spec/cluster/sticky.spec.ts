/**
 * Sticky sessions on node:cluster, as socket.io documents them:
 * @socket.io/sticky's primary owns the port and routes each request by its
 * sid to the worker that holds the session; @socket.io/cluster-adapter joins
 * the workers' broadcasts. Two volley workers, polling-only and upgrading
 * clients on the one port: no connect error, and a broadcast from either
 * worker reaches every client.
 */
import { expect } from "chai";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { setupMaster } from "@socket.io/sticky";
import { io as ioc, type Socket as ClientSocket } from "socket.io-client";
import { eventually } from "./support/env.js";
import { forkWorker, type ClusterNode } from "./support/nodes.js";
import { waitFor } from "../support/wait.js";

const STICKY_WORKER = fileURLToPath(new URL("./support/sticky-worker.ts", import.meta.url));

describe("cluster: @socket.io/sticky + @socket.io/cluster-adapter on node:cluster", function () {
  this.timeout(30_000);
  let primary: HttpServer;
  let url: string;
  const workers: ClusterNode[] = [];
  const clients: ClientSocket[] = [];
  const tcpSockets = new Set<Socket>();

  before(async () => {
    primary = createServer();
    setupMaster(primary, { loadBalancingMethod: "least-connection" });
    primary.on("connection", (socket: Socket) => {
      tcpSockets.add(socket);
      socket.once("close", () => tcpSockets.delete(socket));
    });
    await new Promise<void>((resolve) => primary.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(primary.address() as AddressInfo).port}`;
    for (const name of ["W1", "W2"]) workers.push(await forkWorker(STICKY_WORKER, { STICKY_NODE: name }, name));
    await eventually(async () => (await Promise.all(workers.map((w) => w.call("serverCount")))).every((n) => n === 2), 10_000);
  });

  after(async () => {
    for (const client of clients) client.disconnect();
    await Promise.all(workers.map((w) => w.close()));
    // The primary keeps the TCP sockets of requests it relays chunk by chunk (polling POSTs).
    for (const socket of tcpSockets) socket.destroy();
    // close() stops listening at once; its callback would wait for the connections handed to the
    // workers, which Node still counts on the primary's server after the handle left: not awaited.
    primary.close();
  });

  it("polling-only and upgrading clients on one port connect without error, and every broadcast reaches all", async () => {
    const errors: string[] = [];
    // One after the other: least-connection counts a worker's sessions once it reports them.
    for (let i = 0; i < 8; i++) {
      const transports = i % 2 === 0 ? ["polling"] : ["polling", "websocket"];
      const client = ioc(url, { forceNew: true, reconnection: false, transports });
      client.on("connect_error", (err) => errors.push(err.message));
      clients.push(client);
      await waitFor(client, "connect", 10_000);
    }
    const upgrading = clients.filter((_, i) => i % 2 === 1);
    await eventually(() => upgrading.every((c) => c.io.engine.transport.name === "websocket"), 10_000);
    // least-connection spreads the sessions over both workers.
    expect(await Promise.all(workers.map((w) => w.call<number>("localCount")))).to.deep.equal([4, 4]);

    const received = clients.map(() => [] as string[]);
    clients.forEach((c, i) => c.on("all", (from: string) => received[i]!.push(from)));
    await workers[0]!.call("emit");
    await workers[1]!.call("emit");
    await eventually(() => received.every((r) => r.length === 2), 10_000);
    expect(received.map((r) => [...r].sort())).to.deep.equal(clients.map(() => ["W1", "W2"]));
    // Polling requests kept reaching their own worker all along.
    expect(errors).to.deep.equal([]);
    expect(clients.every((c) => c.connected)).to.equal(true);
  });
});

/**
 * Faults: the server process is killed (SIGKILL) under connected clients and
 * started again on the same port. Every client comes back by itself, with
 * backoff and jitter: the reconnections are spread over the backoff window,
 * not a thundering herd in the same few milliseconds.
 */
import { expect } from "chai";
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { io as connectClient, type Socket as ClientSocket } from "../../client/index.js";
import { sleep, until } from "../support/wait.js";
import { useProcessTripwire } from "../support/tripwire.js";

const CHILD = fileURLToPath(new URL("./child-server.ts", import.meta.url));
const CLIENTS = 40;

/** Starts the child server; resolves with it and its port. */
function startChild(port = 0): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(CHILD, [], { execArgv: ["--import", "tsx"], env: { ...process.env, PORT: String(port) }, stdio: "ignore" });
  return new Promise((resolve, reject) => {
    child.once("message", (message) => resolve({ child, port: (message as { port: number }).port }));
    child.once("exit", (code) => reject(new Error(`child server exited (${code}) before listening`)));
  });
}

describe("faults: the server process is killed and restarted under connected clients", function () {
  this.timeout(60000);
  const tripped = useProcessTripwire();
  const children: ChildProcess[] = [];
  const clients: ClientSocket[] = [];

  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
    expect(tripped, "uncaughtException / unhandledRejection").to.deep.equal([]);
  });

  it("every client reconnects by itself, the reconnections spread over the backoff window", async () => {
    const first = await startChild();
    children.push(first.child);
    const url = `http://127.0.0.1:${first.port}`;
    /** When each client connected after the restart. */
    const reconnectedAt: number[] = [];
    let restartedAt = Infinity;
    const reasons: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const transports: Array<"polling" | "websocket"> = i % 2 === 0 ? ["websocket"] : ["polling", "websocket"];
      const client = connectClient(url, { forceNew: true, transports, reconnectionDelay: 500, reconnectionDelayMax: 2000, randomizationFactor: 0.5 });
      client.on("connect", () => Date.now() >= restartedAt && reconnectedAt.push(Date.now()));
      client.on("disconnect", (reason) => reasons.push(reason));
      clients.push(client);
    }
    await until(() => clients.every((c) => c.connected), 20000);
    const firstPid = await clients[0]!.timeout(5000).emitWithAck("where");

    first.child.kill("SIGKILL");
    await until(() => clients.every((c) => !c.connected), 10000);
    // down for a while: the clients' attempts fail and back off
    await sleep(1500);
    restartedAt = Date.now();
    const second = await startChild(first.port);
    children.push(second.child);

    await until(() => clients.every((c) => c.connected), 30000);
    for (const client of clients) expect(await client.timeout(5000).emitWithAck("where")).to.not.equal(firstPid);
    // each was dropped once, for a reason it reconnects on
    expect(reasons).to.have.length(CLIENTS);
    for (const reason of reasons) expect(["transport close", "transport error", "ping timeout"]).to.include(reason);
    expect(reconnectedAt).to.have.length(CLIENTS);
    const sorted = reconnectedAt.sort((a, b) => a - b);
    const spread = sorted[sorted.length - 1]! - sorted[0]!;
    const buckets = new Set(sorted.map((t) => Math.floor((t - sorted[0]!) / 100))).size;
    console.log(`      restart: ${CLIENTS} clients back within ${sorted[sorted.length - 1]! - restartedAt} ms of the restart, spread over ${spread} ms in ${buckets} 100-ms buckets`);
    // jitter: not all in the same few milliseconds
    expect(spread).to.be.above(100);
    expect(buckets).to.be.at.least(3);
  });
});

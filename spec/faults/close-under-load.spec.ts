/**
 * io.close() under load: clients (polling, WebSocket, upgrading) keep sending
 * acked messages; the server closes in the middle. Every message whose ack
 * the server sent before closing reaches its client: nothing the server
 * acknowledged is lost in a write buffer.
 */
import { expect } from "chai";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "../../lib/index.js";
import { io as connectClient, type Socket as ClientSocket } from "../../client/index.js";
import { sleep, until } from "../support/wait.js";
import { failOnProcessErrors } from "../support/tripwire.js";

const CLIENTS_PER_MODE = 20;

describe("faults: io.close() under load delivers every ack it sent", function () {
  this.timeout(60000);
  failOnProcessErrors();

  it("each ack the server wrote before closing reaches its client", async () => {
    const httpServer = createServer();
    const io = new Server(httpServer, { pingInterval: 10000, pingTimeout: 10000 });
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    const port = (httpServer.address() as AddressInfo).port;
    /** "<client>:<n>" of every ack the server sent. */
    const acked = new Set<string>();
    io.on("connection", (socket: Socket) => {
      socket.on("msg", (key: string, ack: (key: string) => void) => {
        ack(key);
        acked.add(key);
      });
    });

    const received = new Set<string>();
    const clients: ClientSocket[] = [];
    const modes: Array<Array<"polling" | "websocket">> = [["polling"], ["websocket"], ["polling", "websocket"]];
    for (const transports of modes) {
      for (let i = 0; i < CLIENTS_PER_MODE; i++) clients.push(connectClient(`http://127.0.0.1:${port}`, { forceNew: true, reconnection: false, transports }));
    }
    await until(() => clients.every((c) => c.connected), 20000);
    let stop = false;
    const senders = clients.map(async (client, c) => {
      for (let n = 0; !stop && client.connected; n++) {
        const key = `${c}:${n}`;
        client.emit("msg", key, (echo: string) => received.add(echo));
        // a few in flight at once per client
        if (n % 4 === 3) await sleep(1);
      }
    });
    await until(() => acked.size > 2000, 20000);
    await io.close();
    stop = true;
    await Promise.all(senders);
    // what was written reaches the clients, or their connection closes first: give it the time to arrive
    await until(() => [...acked].every((key) => received.has(key)), 5000).catch(() => undefined);
    const lost = [...acked].filter((key) => !received.has(key));
    const lostByMode = modes.map((_, m) => lost.filter((key) => Math.floor(Number(key.split(":")[0]) / CLIENTS_PER_MODE) === m).length);
    console.log(`      close under load: ${acked.size} acks sent, ${received.size} received, lost by mode (polling, websocket, upgrade) ${lostByMode}`);
    expect(lost).to.deep.equal([]);
    for (const client of clients) client.disconnect();
  });
});

/**
 * Soak, client side: one Manager whose connection the server cuts a few
 * hundred times reconnects every time and holds no growing state: one
 * namespace socket, the same listeners on the Manager and the Socket, empty
 * buffers and ack tables, no extra timers, and a heap back within a small
 * margin of its level after the first reconnections (numbers printed).
 */
import { expect } from "chai";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "../../lib/index.js";
import { Manager } from "../../client/index.js";
import { until } from "../support/wait.js";
import { pendingTimers, settledHeap } from "./support.js";
import { failOnProcessErrors } from "../support/tripwire.js";

const MiB = 1024 * 1024;

/** Every listener an emitter holds (the shared Emitter keeps them in a Map of arrays). */
function listenerTotal(emitter: object): number {
  let total = 0;
  for (const list of (emitter as { _listeners: Map<unknown, unknown[]> })._listeners.values()) total += list.length;
  return total;
}
const RECONNECTIONS = 300;

describe("soak: a Manager reconnecting hundreds of times holds no growing state", function () {
  this.timeout(90000);
  failOnProcessErrors();

  for (const transports of [["websocket"], ["polling", "websocket"]] as Array<Array<"polling" | "websocket">>) {
    it(`${RECONNECTIONS} reconnections over ${transports.join(" → ")}`, async () => {
      const httpServer = createServer();
      const io = new Server(httpServer, { pingInterval: 5000, pingTimeout: 5000 });
      await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
      // each connection answers one acked emit, then the server cuts it (a recoverable "transport close")
      io.on("connection", (socket: Socket) => {
        socket.on("hello", (n: number, ack: (n: number) => void) => {
          ack(n);
          setImmediate(() => socket.conn.close());
        });
      });
      const manager = new Manager(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, {
        transports,
        reconnectionDelay: 1,
        reconnectionDelayMax: 5,
      });
      const client = manager.socket("/");
      type Snapshot = { nsps: number; managerListeners: number; socketListeners: number; sendBuffer: number; receiveBuffer: number; acks: number; timers: number };
      const snapshot = (): Snapshot => ({
        nsps: Object.keys(manager.nsps).length,
        managerListeners: listenerTotal(manager),
        socketListeners: listenerTotal(client),
        sendBuffer: client.sendBuffer.length,
        receiveBuffer: client.receiveBuffer.length,
        acks: (client as unknown as { _acks: { pending: Map<number, unknown> } })._acks.pending.size,
        timers: pendingTimers(),
      });
      // taken inside the answer's callback: connected, that ack just settled, nothing else in flight
      let early: Snapshot | undefined;
      let late: Snapshot | undefined;
      let connects = 0;
      let answers = 0;
      client.on("connect", () => {
        connects++;
        client.emit("hello", connects, () => {
          answers++;
          if (answers === 20) early = snapshot();
          if (answers === RECONNECTIONS) late = snapshot();
        });
      });
      client.connect();

      await until(() => early !== undefined, 30000);
      const heapEarly = await settledHeap();
      const started = Date.now();
      await until(() => late !== undefined, 60000);
      const heapLate = await settledHeap();
      client.disconnect();
      await io.close();
      console.log(
        `      ${transports.join("→")}: ${answers} reconnections in ${Date.now() - started} ms (after the first 20); ` +
          `heap ${(heapEarly / MiB).toFixed(1)} → ${(heapLate / MiB).toFixed(1)} MiB; state ${JSON.stringify(late)}`,
      );
      expect(late).to.deep.equal({ ...early, timers: late!.timers });
      // (timers come and go with the heartbeat and the reconnection delay: no growth is what counts)
      expect(late!.timers).to.be.at.most(early!.timers + 2);
      expect(late!.nsps).to.equal(1);
      expect(late!.sendBuffer + late!.receiveBuffer + late!.acks).to.equal(0);
      expect(heapLate - heapEarly).to.be.below(3 * MiB);
    });
  }
});

/**
 * Load: 2000 concurrent clients on one server (raw WebSocket clients for the
 * bulk, volley clients over polling only and polling-then-upgrade for the
 * rest) exchange acked messages and receive room broadcasts for a bounded
 * time: every ack arrives with its own answer, every broadcast reaches every
 * member of its room exactly once and in order, and nobody is dropped.
 */
import { expect } from "chai";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "../../lib/index.js";
import { io as connectClient, type Socket as ClientSocket } from "../../client/index.js";
import { until } from "../support/wait.js";
import { failOnProcessErrors } from "../support/tripwire.js";
import { RawClient } from "./raw-client.js";

const RAW_WEBSOCKET = 1600;
const POLLING = 200;
const UPGRADING = 200;
const ROOMS = 20;
const MESSAGES_PER_CLIENT = 3;
const BROADCASTS_PER_ROOM = 10;

/** What one client of either kind does in the test. */
interface LoadClient {
  room: string;
  emitWithAck(name: string, ...args: unknown[]): Promise<unknown[]>;
  /** The "b" broadcasts received, as [room, seq]. */
  broadcasts(): Array<[string, number]>;
  disconnects: string[];
  close(): void;
}

function rawLoadClient(port: number, room: string): { client: LoadClient; ready: Promise<void> } {
  const raw = new RawClient(port);
  const disconnects: string[] = [];
  raw.ws.on("close", (code) => disconnects.push(`ws close ${code}`));
  const client: LoadClient = {
    room,
    emitWithAck: (name, ...args) => raw.emitWithAck(name, ...args),
    broadcasts: () => raw.events.filter((e) => e[0] === "b").map((e) => [e[1] as string, e[2] as number]),
    disconnects,
    close: () => {
      raw.ws.removeAllListeners("close");
      raw.close();
    },
  };
  return { client, ready: raw.connected() };
}

function volleyLoadClient(port: number, room: string, transports: Array<"polling" | "websocket">): { client: LoadClient; ready: Promise<void> } {
  const socket: ClientSocket = connectClient(`http://127.0.0.1:${port}`, { forceNew: true, reconnection: false, transports });
  const received: Array<[string, number]> = [];
  const disconnects: string[] = [];
  socket.on("b", (r: string, seq: number) => received.push([r, seq]));
  socket.on("disconnect", (reason) => disconnects.push(reason));
  const client: LoadClient = {
    room,
    emitWithAck: async (name, ...args) => [await socket.timeout(30000).emitWithAck(name, ...args)],
    broadcasts: () => received,
    disconnects,
    close: () => {
      socket.off("disconnect");
      socket.disconnect();
    },
  };
  const ready = new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return { client, ready };
}

describe("load: 2000 concurrent clients, acked messages and room broadcasts", function () {
  this.timeout(120000);
  failOnProcessErrors();

  it("every ack arrives, every broadcast reaches every member once and in order, nobody is dropped", async () => {
    const httpServer = createServer();
    // a heartbeat that a loaded 2-core machine keeps up with; the default would too, more slowly
    const io = new Server(httpServer, { pingInterval: 10000, pingTimeout: 10000 });
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    const port = (httpServer.address() as AddressInfo).port;
    const serverDisconnects: string[] = [];
    io.on("connection", (socket: Socket) => {
      socket.on("join", (room: string, ack: (ok: boolean) => void) => {
        socket.join(room);
        ack(true);
      });
      socket.on("msg", (n: number, ack: (echo: string) => void) => ack(`${socket.id}:${n}`));
      socket.on("disconnect", (reason: string) => serverDisconnects.push(reason));
    });

    const started = Date.now();
    const clients: LoadClient[] = [];
    const kinds: Array<() => { client: LoadClient; ready: Promise<void> }> = [];
    for (let i = 0; i < RAW_WEBSOCKET + POLLING + UPGRADING; i++) {
      const room = `room-${i % ROOMS}`;
      if (i < RAW_WEBSOCKET) kinds.push(() => rawLoadClient(port, room));
      else if (i < RAW_WEBSOCKET + POLLING) kinds.push(() => volleyLoadClient(port, room, ["polling"]));
      else kinds.push(() => volleyLoadClient(port, room, ["polling", "websocket"]));
    }
    try {
      // connect and join in batches (a connection storm is the soak's business), then all stay connected
      for (let start = 0; start < kinds.length; start += 200) {
        await Promise.all(
          kinds.slice(start, start + 200).map(async (make) => {
            const { client, ready } = make();
            clients.push(client);
            await ready;
            expect(await client.emitWithAck("join", client.room)).to.deep.equal([true]);
          }),
        );
      }
      expect(io.engine.clientsCount).to.equal(clients.length);
      const connectedAt = Date.now();

      // every client sends acked messages while the server broadcasts to the rooms
      const exchanges = Promise.all(
        clients.map(async (client) => {
          for (let n = 0; n < MESSAGES_PER_CLIENT; n++) {
            const [answer] = await client.emitWithAck("msg", n);
            expect(String(answer)).to.match(new RegExp(`:${n}$`));
          }
        }),
      );
      for (let seq = 0; seq < BROADCASTS_PER_ROOM; seq++) {
        for (let r = 0; r < ROOMS; r++) io.to(`room-${r}`).emit("b", `room-${r}`, seq);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await exchanges;
      const expected = Array.from({ length: BROADCASTS_PER_ROOM }, (_, seq) => seq);
      await until(() => clients.every((c) => c.broadcasts().length >= BROADCASTS_PER_ROOM), 60000).catch(() => undefined);
      for (const client of clients) {
        const got = client.broadcasts();
        expect(got.every(([room]) => room === client.room), "only its own room's broadcasts").to.equal(true);
        expect(got.map(([, seq]) => seq)).to.deep.equal(expected);
        expect(client.disconnects).to.deep.equal([]);
      }
      expect(serverDisconnects).to.deep.equal([]);
      console.log(
        `      load: ${clients.length} clients connected in ${connectedAt - started} ms; ` +
          `${clients.length * MESSAGES_PER_CLIENT} acked messages and ${ROOMS * BROADCASTS_PER_ROOM} room broadcasts ` +
          `(${clients.length * BROADCASTS_PER_ROOM} deliveries) in ${Date.now() - connectedAt} ms`,
      );
    } finally {
      for (const client of clients) client.close();
      await io.close();
    }
  });
});

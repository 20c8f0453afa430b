/**
 * The arena for hostile-input specs: a volley Server on 127.0.0.1:0 with two
 * well-behaved socket.io-client 4 clients (one long-polling, one WebSocket)
 * that keep exchanging acked events while raw attackers hit the same server.
 *
 * After each attack a spec calls `arena.assertGoodClientsUnharmed()`: every
 * good client is still connected, never saw a disconnect, and got every
 * answer and every pushed message in order. A process-wide tripwire records
 * any uncaughtException / unhandledRejection and fails the test.
 */
import { request as httpRequest } from "node:http";
import { connect as netConnect } from "node:net";
import { expect } from "chai";
import WebSocket from "ws";
import type { Socket as ClientSocket } from "socket.io-client";
import type { ServerOptions } from "../../lib/options.js";
import { startServer, waitFor, type TestServer } from "../support/server-helpers.js";

/** One good client and what it has seen. */
interface GoodClient {
  socket: ClientSocket;
  disconnects: string[];
  /** Sequence numbers of the "push" events the server sent it. */
  pushes: number[];
  sent: number;
}

/** The running arena. */
export interface Arena {
  srv: TestServer;
  port: number;
  /** Engine close reason by sid (every session that closed). */
  engineCloses: Map<string, string>;
  /** Server-side disconnect reason by socket id (every namespace socket that left). */
  socketDisconnects: Map<string, string>;
  /** "error" events of server sockets (failed app listeners), by socket id. */
  socketErrors: Array<{ id: string; err: Error }>;
  /** Errors caught by the process tripwire. */
  tripped: unknown[];
  /** Each good client emits `rounds` acked events and expects the answer and a push for each. */
  exchange(rounds?: number): Promise<void>;
  /** exchange() and then: connected, no disconnect, every push received in order. */
  assertGoodClientsUnharmed(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the arena with the good clients connected.
 *
 * @example
 * const arena = await startArena({ maxHttpBufferSize: 1e4 });
 * // … attack …
 * await arena.assertGoodClientsUnharmed();
 */
export async function startArena(opts: Partial<ServerOptions> = {}): Promise<Arena> {
  const tripped: unknown[] = [];
  const onTrip = (err: unknown): void => {
    tripped.push(err);
  };
  process.on("uncaughtException", onTrip);
  process.on("unhandledRejection", onTrip);
  const srv = await startServer({ name: "upgrade", transports: ["polling", "websocket"] }, {
    pingInterval: 1000,
    pingTimeout: 3000,
    ...opts,
  });
  const engineCloses = new Map<string, string>();
  const socketDisconnects = new Map<string, string>();
  const socketErrors: Array<{ id: string; err: Error }> = [];
  srv.io.engine.on("connection", (conn) => {
    conn.on("close", (reason: string) => engineCloses.set(conn.id, reason));
  });
  srv.io.on("connection", (socket) => {
    let pushed = 0;
    socket.on("echo", (value: unknown, ack: unknown) => {
      socket.emit("push", pushed++);
      if (typeof ack === "function") ack(value);
    });
    socket.on("disconnect", (reason: string) => socketDisconnects.set(socket.id, reason));
    socket.on("error", (err: Error) => socketErrors.push({ id: socket.id, err }));
  });
  const good: GoodClient[] = [];
  for (const transports of [["polling"], ["websocket"]]) {
    const socket = srv.client("/", { transports });
    const client: GoodClient = { socket, disconnects: [], pushes: [], sent: 0 };
    socket.on("disconnect", (reason) => client.disconnects.push(reason));
    socket.on("push", (n: number) => client.pushes.push(n));
    good.push(client);
    await waitFor(socket, "connect");
  }

  async function exchange(rounds = 3): Promise<void> {
    await Promise.all(
      good.map(async (client) => {
        for (let i = 0; i < rounds; i++) {
          const value = { n: client.sent, text: "héllo ✓" };
          client.sent++;
          const answer = await client.socket.timeout(4000).emitWithAck("echo", value);
          expect(answer).to.deep.equal(value);
        }
      }),
    );
  }

  return {
    srv,
    port: srv.port,
    engineCloses,
    socketDisconnects,
    socketErrors,
    tripped,
    exchange,
    async assertGoodClientsUnharmed() {
      await exchange();
      // The push for the last echo was written before its ack: both have arrived.
      for (const client of good) {
        expect(client.disconnects, "a good client was disconnected").to.deep.equal([]);
        expect(client.socket.connected).to.equal(true);
        expect(client.pushes).to.deep.equal(Array.from({ length: client.sent }, (_, i) => i));
      }
      expect(tripped, "uncaughtException / unhandledRejection").to.deep.equal([]);
    },
    async close() {
      process.off("uncaughtException", onTrip);
      process.off("unhandledRejection", onTrip);
      await srv.close();
    },
  };
}

/** An HTTP answer: status and body. */
export interface RawAnswer {
  status: number;
  body: string;
}

/**
 * Sends `raw` bytes on a fresh TCP connection and resolves with the answer's
 * status line code and body (0 / "" when the server closed without answering,
 * or when nothing came within `ms`).
 *
 * @example
 * const { status } = await rawHttp(port, "GET /socket.io/?EIO=abc HTTP/1.1\r\nHost: x\r\n\r\n");
 */
export function rawHttp(port: number, raw: string | Buffer, ms = 3000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = netConnect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      const bodyStart = text.indexOf("\r\n\r\n");
      resolve({ status: match ? Number(match[1]) : 0, body: bodyStart === -1 ? "" : text.slice(bodyStart + 4) });
    };
    const timer = setTimeout(finish, ms);
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString("latin1");
      const length = /content-length: (\d+)/i.exec(text);
      const bodyStart = text.indexOf("\r\n\r\n");
      if (length && bodyStart !== -1 && text.length - bodyStart - 4 >= Number(length[1])) finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
    socket.write(raw);
  });
}

/**
 * One polling request with node:http; resolves with status and body.
 *
 * @example
 * const { body } = await httpCall(port, "GET", "/socket.io/?EIO=4&transport=polling");
 */
export function httpCall(
  port: number,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Opens a polling session; resolves with its sid (the GET's open packet). */
export async function pollingHandshake(port: number): Promise<string> {
  const { status, body } = await httpCall(port, "GET", "/socket.io/?EIO=4&transport=polling");
  expect(status).to.equal(200);
  expect(body.startsWith("0")).to.equal(true);
  return (JSON.parse(body.slice(1)) as { sid: string }).sid;
}

/** A raw WebSocket attacker and the frames it received. */
export interface RawWs {
  ws: WebSocket;
  sid: string;
  /** Text frames received after the open packet. */
  frames: string[];
  /** Resolves with the close code once the connection closes. */
  closed: Promise<number>;
}

/**
 * Opens a raw WebSocket session (no client library): resolves after the open
 * packet, with `40` sent and its CONNECT answer awaited when `connect` is set.
 *
 * @example
 * const a = await rawWebSocket(port, { connect: true });
 * a.ws.send('42["x"]');
 */
export async function rawWebSocket(port: number, { connect = false, query = "" } = {}): Promise<RawWs & { socketId?: string }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket${query}`);
  ws.on("error", () => {
    // The attacks provoke errors on purpose; the close code is what is checked.
  });
  const frames: string[] = [];
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  const open = await new Promise<string>((resolve, reject) => {
    ws.once("message", (data) => resolve(String(data)));
    ws.once("close", () => reject(new Error("closed before the open packet")));
  });
  ws.on("message", (data, isBinary) => {
    if (isBinary) return;
    const text = String(data);
    // The heartbeat is answered so only the attack decides when the session ends.
    if (text === "2") ws.send("3");
    else frames.push(text);
  });
  const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
  const result: RawWs & { socketId?: string } = { ws, sid, frames, closed };
  if (connect) {
    ws.send("40");
    await waitUntil(() => frames.some((f) => f.startsWith("40")));
    const reply = frames.find((f) => f.startsWith("40"))!;
    result.socketId = (JSON.parse(reply.slice(2)) as { sid: string }).sid;
  }
  return result;
}

/** Waits until `check()` holds (every 5 ms), or rejects after `ms`. */
export async function waitUntil(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The rooms-based chat: an Express app serving the page in public/ and a
 * volley Server on the same HTTP server, with rooms, a live member list,
 * typing indicators, acknowledged messages and recent history per room.
 *
 * Members are sockets, not names: two people who pick the same name are two
 * members, and a message carries its sender's socket id (`from`), which is
 * how a page knows which messages are its own.
 *
 * Reconnection comes from connection state recovery: a client that comes back
 * within two minutes keeps its socket id, rooms and `socket.data`, and
 * receives the room broadcasts it missed, so the chat does nothing special.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import express from "express";
import { Server, type Socket } from "../../lib/index.js";
import { RoomHistory, type ChatMessage } from "./history.js";
import { checkClientId, checkMessage, checkName, checkRoom, type ChatError } from "./validate.js";

export type { ChatMessage } from "./history.js";
export type { ChatError, ChatErrorCode } from "./validate.js";

/** One person in a room: the socket id tells apart two people of the same name. */
export interface Member {
  id: string;
  name: string;
}

/** What a join is answered with: the room as it is now. */
export interface JoinResult {
  room: string;
  name: string;
  /** The joining socket's id, as in `members` and in its messages' `from`. */
  id: string;
  members: Member[];
  history: ChatMessage[];
}

/**
 * Who is in a room now, and what changed: "joined", "left" (the leave button,
 * a switch of room or a deliberate disconnect), "disconnected" (the
 * connection dropped or the tab closed), "back" (a dropped connection recovered).
 */
export interface MembersUpdate {
  room: string;
  members: Member[];
  change?: { type: "joined" | "left" | "disconnected" | "back"; member: Member };
}

/** A message as a page sends it; `cid`, the page's own id for it, makes a re-send harmless. */
export interface SendRequest {
  text: string;
  cid?: string;
}

/** An acknowledgement: either `{ ok: true, ...result }` or `{ ok: false, error }`. */
export type Ack<T> = (answer: ({ ok: true } & T) | { ok: false; error: ChatError }) => void;

/** Events the page sends. */
export interface ClientToServerEvents {
  join: (request: { name: string; room: string }, ack: Ack<JoinResult>) => void;
  /** A bare string is accepted too (no re-send protection then). */
  message: (request: SendRequest | string, ack: Ack<{ message: ChatMessage }>) => void;
  leave: (ack: Ack<{ room: string }>) => void;
  typing: () => void;
}

/** Events the server sends. */
export interface ServerToClientEvents {
  message: (message: ChatMessage) => void;
  members: (update: MembersUpdate) => void;
  typing: (update: { room: string; from: string; name: string }) => void;
}

/** What the server remembers per socket (kept across a recovered reconnection). */
export interface ChatSocketData {
  name?: string;
  room?: string;
  /** Start of the current rate-limit window and the messages sent in it. */
  windowStart?: number;
  windowCount?: number;
}

type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ChatSocketData>;
type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ChatSocketData>;

/** Options of {@link createChatServer}; every limit has a default. */
export interface ChatOptions {
  /** Port to listen on; 0 picks a free one. Default 3000. */
  port?: number;
  /** Interface to listen on. Default "127.0.0.1" (browsers reach it as "localhost" too). */
  host?: string;
  /** Messages kept per room and sent on join. Default 50. */
  historySize?: number;
  /** Rooms whose history is kept (least recently used dropped first). Default 500. */
  maxRooms?: number;
  /** Messages one socket may send per second before being refused. Default 10. */
  messagesPerSecond?: number;
  /**
   * Heartbeat, in ms. Shorter than Socket.IO's 25 s / 20 s so both sides notice a
   * dead connection within seconds (the page then says "Reconnecting…").
   * Defaults 5000 and 4000.
   */
  pingInterval?: number;
  pingTimeout?: number;
}

/** A running chat. */
export interface RunningChat {
  /** Where the page is served, e.g. "http://127.0.0.1:3000". */
  url: string;
  port: number;
  io: ChatServer;
  /** Disconnects everyone and stops listening. */
  close(): Promise<void>;
}

const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));
/** Acks are optional for a client; a missing one must not crash the handler. */
const NO_ACK = (): void => {};

/**
 * Starts the chat: the page on `/`, the realtime server on `/socket.io/`.
 *
 * @example
 * const chat = await createChatServer({ port: 0 });
 * console.log(`open ${chat.url}`);
 * await chat.close();
 */
export async function createChatServer(options: ChatOptions = {}): Promise<RunningChat> {
  const { port = 3000, host = "127.0.0.1", pingInterval = 5000, pingTimeout = 4000 } = options;
  const app = express();
  app.disable("x-powered-by");
  app.use(express.static(PUBLIC_DIR));

  const server = http.createServer(app);
  const io: ChatServer = new Server(server, { connectionStateRecovery: {}, pingInterval, pingTimeout });
  const rooms = new ChatRooms(io, options);
  io.on("connection", (socket) => rooms.onConnection(socket));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    // e.g. EADDRINUSE: stop the Server's timers too, so nothing keeps the process alive
    await io.close().catch(() => {});
    throw error;
  }
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}`,
    port: actualPort,
    io,
    close: () => io.close(),
  };
}

/**
 * The chat's behaviour, one method per client event. Kept apart from the
 * HTTP setup so it reads as the list of things a person can do.
 */
class ChatRooms {
  readonly #io: ChatServer;
  readonly #history: RoomHistory;
  readonly #messagesPerSecond: number;

  constructor(io: ChatServer, options: ChatOptions) {
    this.#io = io;
    this.#history = new RoomHistory(options.historySize ?? 50, options.maxRooms ?? 500);
    this.#messagesPerSecond = options.messagesPerSecond ?? 10;
  }

  onConnection(socket: ChatSocket): void {
    socket.on("join", (request, ack) => void this.join(socket, request, typeof ack === "function" ? ack : NO_ACK));
    socket.on("message", (request, ack) => this.message(socket, request, typeof ack === "function" ? ack : NO_ACK));
    socket.on("leave", (ack) => void this.leave(socket, typeof ack === "function" ? ack : NO_ACK));
    socket.on("typing", () => this.typing(socket));
    socket.on("disconnect", (reason) => {
      const { room, name } = socket.data;
      if (!room || !name) return;
      const type = reason === "client namespace disconnect" ? "left" : "disconnected";
      void this.#broadcastMembers(room, { type, member: { id: socket.id, name } });
    });
    // A recovered socket is back in its room: the others see it again.
    const { room, name } = socket.data;
    if (socket.recovered && room && name) void this.#broadcastMembers(room, { type: "back", member: { id: socket.id, name } });
  }

  /** Joins a room (leaving the previous one) and answers with its members and history. */
  async join(socket: ChatSocket, request: unknown, ack: Ack<JoinResult>): Promise<void> {
    const fields = (typeof request === "object" && request !== null ? request : {}) as Record<string, unknown>;
    const name = checkName(fields.name);
    if (!name.ok) return ack(name);
    const room = checkRoom(fields.room);
    if (!room.ok) return ack(room);

    const previous = { room: socket.data.room, name: socket.data.name };
    const member = { id: socket.id, name: name.value };
    socket.data.name = name.value;
    socket.data.room = room.value;
    if (previous.room && previous.room !== room.value) {
      await socket.leave(previous.room);
      void this.#broadcastMembers(previous.room, { type: "left", member: { id: socket.id, name: previous.name! } });
    }
    await socket.join(room.value);
    // joining the room one is in (a page re-joining after a reconnection) is not news
    const change = previous.room === room.value ? undefined : ({ type: "joined", member } as const);
    const members = await this.#broadcastMembers(room.value, change);
    ack({ ok: true, room: room.value, name: name.value, id: socket.id, members, history: this.#history.recent(room.value) });
  }

  /** Leaves the current room: the others see "left"; the socket stays connected. */
  async leave(socket: ChatSocket, ack: Ack<{ room: string }>): Promise<void> {
    const { room, name } = socket.data;
    if (!room || !name) return ack({ ok: false, error: { code: "NOT_IN_ROOM", message: "you are not in a room" } });
    socket.data.room = undefined;
    await socket.leave(room);
    void this.#broadcastMembers(room, { type: "left", member: { id: socket.id, name } });
    ack({ ok: true, room });
  }

  /**
   * Stores and relays a message to the sender's room; the ack carries its id
   * and time. A re-send of a message already stored (same `cid`: the page
   * sends again what a dropped connection left unacknowledged) is answered
   * with the stored message and neither relayed nor counted again.
   */
  message(socket: ChatSocket, request: unknown, ack: Ack<{ message: ChatMessage }>): void {
    const { name, room } = socket.data;
    if (!name || !room) return ack({ ok: false, error: { code: "NOT_IN_ROOM", message: "join a room before sending" } });
    const fields = (typeof request === "object" && request !== null ? request : { text: request }) as Record<string, unknown>;
    const clientId = checkClientId(fields.cid);
    if (!clientId.ok) return ack(clientId);
    const stored = clientId.value && this.#history.find(room, clientId.value);
    if (stored) return ack({ ok: true, message: stored });
    const checked = checkMessage(fields.text);
    if (!checked.ok) return ack(checked);
    if (!this.#withinRate(socket)) {
      return ack({ ok: false, error: { code: "RATE_LIMITED", message: "too many messages, slow down" } });
    }
    const message: ChatMessage = { id: randomUUID(), room, from: socket.id, name, text: checked.value, ts: Date.now() };
    this.#history.add(message, clientId.value);
    // A room broadcast (not per-socket emits) so recovery can replay it to anyone briefly offline.
    socket.to(room).emit("message", message);
    ack({ ok: true, message });
  }

  /** Tells the rest of the room this person is typing; the page throttles and expires it. */
  typing(socket: ChatSocket): void {
    const { name, room } = socket.data;
    if (name && room) socket.to(room).volatile.emit("typing", { room, from: socket.id, name });
  }

  /** Sends the room its members (sorted by name, then id) with what changed, and returns them. */
  async #broadcastMembers(room: string, change?: MembersUpdate["change"]): Promise<Member[]> {
    const sockets = await this.#io.in(room).fetchSockets();
    const members: Member[] = [];
    for (const s of sockets) if (s.data.name && s.data.room === room) members.push({ id: s.id, name: s.data.name });
    members.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
    this.#io.to(room).emit("members", change ? { room, members, change } : { room, members });
    return members;
  }

  /** A fixed one-second window per socket: cheap, and enough to stop a stuck key. */
  #withinRate(socket: ChatSocket): boolean {
    const now = Date.now();
    const data = socket.data;
    if (!data.windowStart || now - data.windowStart >= 1000) {
      data.windowStart = now;
      data.windowCount = 0;
    }
    data.windowCount = (data.windowCount ?? 0) + 1;
    return data.windowCount <= this.#messagesPerSecond;
  }
}

/**
 * Recent messages per room, in memory.
 *
 * Room names are free text, so the number of rooms is bounded too: the rooms
 * are kept in least-recently-used order and the oldest history is dropped
 * when there are more than `maxRooms`.
 */

/** One chat message as the server stores and sends it. */
export interface ChatMessage {
  /** Unique per server run; clients use it to drop duplicates after a reconnection. */
  id: string;
  room: string;
  /** The sender's socket id: two people may share a name, never an id. */
  from: string;
  /** The sender's display name when it was sent. */
  name: string;
  text: string;
  /** Milliseconds since the epoch, from the server's clock. */
  ts: number;
}

/** A stored message and the id its sender's page gave it (to recognise a re-send). */
interface Entry {
  message: ChatMessage;
  clientId: string | undefined;
}

/**
 * The last `perRoom` messages of at most `maxRooms` rooms.
 *
 * @example
 * const history = new RoomHistory(50, 500);
 * history.add({ id: "1", room: "general", from: "sid1", name: "ada", text: "hi", ts: Date.now() }, "c-1");
 * history.recent("general");          // [ { id: "1", ... } ]
 * history.find("general", "c-1");     // the same message: a re-send of c-1 is not stored twice
 */
export class RoomHistory {
  readonly #rooms = new Map<string, Entry[]>();

  constructor(
    readonly perRoom = 50,
    readonly maxRooms = 500,
  ) {}

  /** Appends a message to its room, forgetting the room's oldest beyond `perRoom`. */
  add(message: ChatMessage, clientId?: string): void {
    const list = this.#rooms.get(message.room) ?? [];
    // Re-inserting moves the room to the end of the Map: most recently used.
    this.#rooms.delete(message.room);
    this.#rooms.set(message.room, list);
    list.push({ message, clientId });
    if (list.length > this.perRoom) list.splice(0, list.length - this.perRoom);
    if (this.#rooms.size > this.maxRooms) {
      const oldest = this.#rooms.keys().next().value as string;
      this.#rooms.delete(oldest);
    }
  }

  /** The message of `room` that its page sent as `clientId`, if still in the history. */
  find(room: string, clientId: string): ChatMessage | undefined {
    return this.#rooms.get(room)?.find((entry) => entry.clientId === clientId)?.message;
  }

  /** A copy of the room's recent messages, oldest first (empty for an unknown room). */
  recent(room: string): ChatMessage[] {
    return this.#rooms.get(room)?.map((entry) => entry.message) ?? [];
  }
}

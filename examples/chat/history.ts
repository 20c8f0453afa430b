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
  name: string;
  text: string;
  /** Milliseconds since the epoch, from the server's clock. */
  ts: number;
}

/**
 * The last `perRoom` messages of at most `maxRooms` rooms.
 *
 * @example
 * const history = new RoomHistory(50, 500);
 * history.add({ id: "1", room: "general", name: "ada", text: "hi", ts: Date.now() });
 * history.recent("general"); // [ { id: "1", ... } ]
 */
export class RoomHistory {
  readonly #rooms = new Map<string, ChatMessage[]>();

  constructor(
    readonly perRoom = 50,
    readonly maxRooms = 500,
  ) {}

  /** Appends a message to its room, forgetting the room's oldest beyond `perRoom`. */
  add(message: ChatMessage): void {
    const list = this.#rooms.get(message.room) ?? [];
    // Re-inserting moves the room to the end of the Map: most recently used.
    this.#rooms.delete(message.room);
    this.#rooms.set(message.room, list);
    list.push(message);
    if (list.length > this.perRoom) list.splice(0, list.length - this.perRoom);
    if (this.#rooms.size > this.maxRooms) {
      const oldest = this.#rooms.keys().next().value as string;
      this.#rooms.delete(oldest);
    }
  }

  /** A copy of the room's recent messages, oldest first (empty for an unknown room). */
  recent(room: string): ChatMessage[] {
    return this.#rooms.get(room)?.slice() ?? [];
  }
}

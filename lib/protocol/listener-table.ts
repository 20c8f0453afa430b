/**
 * The listener storage of the server's emitters (NodeEmitter): the part of
 * the Map API the emitters use, over one flat array `[event, listeners,
 * event, listeners, …]`.
 *
 * Why not a Map: the server has an emitter per connection that gets
 * listeners (each Socket: the app's `socket.on(…)`), and V8 gives even a
 * one-entry Map a hash table of about 290 bytes; this array is 16 bytes
 * per event. A socket has a handful of events, so a linear scan finds one
 * as fast as hashing does; past {@link MAP_AFTER} events the table moves
 * its entries to a Map, so an emitter with many events keeps constant-time
 * lookups.
 *
 * Environment-neutral (no node:* imports); the browser bundle does not use it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyListener = (...args: any[]) => unknown;
type EventKey = string | symbol;

/** Events a table scans linearly; one more and it becomes a Map. */
export const MAP_AFTER = 16;

/**
 * What an emitter reads and changes of its listeners (Map and ListenerTable both have it).
 *
 * @example
 * const store: ListenerStore = new ListenerTable();
 * store.set("greet", [hello]);
 */
export interface ListenerStore {
  get(event: EventKey): AnyListener[] | undefined;
  set(event: EventKey, listeners: AnyListener[]): unknown;
  delete(event: EventKey): unknown;
  has(event: EventKey): boolean;
  keys(): IterableIterator<EventKey>;
  clear(): void;
  /** How many events have listeners. */
  readonly size: number;
}

/**
 * A {@link ListenerStore} for emitters with few events. Arrays are replaced,
 * never grown in place (`concat`), so they keep no spare capacity.
 *
 * @example
 * const table = new ListenerTable();
 * table.set("message", [onMessage]);
 * table.get("message"); // [onMessage]
 */
export class ListenerTable implements ListenerStore {
  /** `[event, listeners, …]`, exact size; empty once the table has moved to `#map`. */
  #entries: (EventKey | AnyListener[])[] = [];
  #map: Map<EventKey, AnyListener[]> | null = null;

  get(event: EventKey): AnyListener[] | undefined {
    if (this.#map) return this.#map.get(event);
    const entries = this.#entries;
    for (let i = 0; i < entries.length; i += 2) if (entries[i] === event) return entries[i + 1] as AnyListener[];
    return undefined;
  }

  set(event: EventKey, listeners: AnyListener[]): this {
    if (this.#map) {
      this.#map.set(event, listeners);
      return this;
    }
    const entries = this.#entries;
    const at = entries.indexOf(event);
    // an even index is an event; an odd one would be a listener array, which is never a key
    if (at >= 0 && at % 2 === 0) entries[at + 1] = listeners;
    else if (entries.length < MAP_AFTER * 2) this.#entries = entries.concat([event, listeners]);
    else {
      this.#map = new Map(this.#pairs());
      this.#map.set(event, listeners);
      this.#entries = [];
    }
    return this;
  }

  delete(event: EventKey): boolean {
    if (this.#map) return this.#map.delete(event);
    const entries = this.#entries;
    const at = entries.indexOf(event);
    if (at < 0 || at % 2 !== 0) return false;
    this.#entries = entries.slice(0, at).concat(entries.slice(at + 2));
    return true;
  }

  has(event: EventKey): boolean {
    return this.get(event) !== undefined;
  }

  get size(): number {
    return this.#map ? this.#map.size : this.#entries.length / 2;
  }

  keys(): IterableIterator<EventKey> {
    if (this.#map) return this.#map.keys();
    return this.#pairs().map(([event]) => event)[Symbol.iterator]();
  }

  clear(): void {
    this.#map = null;
    this.#entries = [];
  }

  #pairs(): [EventKey, AnyListener[]][] {
    const pairs: [EventKey, AnyListener[]][] = [];
    for (let i = 0; i < this.#entries.length; i += 2) pairs.push([this.#entries[i] as EventKey, this.#entries[i + 1] as AnyListener[]]);
    return pairs;
  }
}

/**
 * The one copy of the typed-event helper types, used by server and client.
 */

/** A map of event names to listener signatures. */
export interface EventsMap {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [event: string]: any;
}

/** The map used when an app declares no types: any event, any arguments. */
export interface DefaultEventsMap {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [event: string]: (...args: any[]) => void;
}

/** Event names of a map, as strings. */
export type EventNames<Map extends EventsMap> = keyof Map & (string | symbol);

/** The listener type for one event. */
export type EventListener<Map extends EventsMap, Ev extends EventNames<Map>> = Map[Ev];

/** The parameters of one event's listener. */
export type EventParams<Map extends EventsMap, Ev extends EventNames<Map>> = Parameters<Map[Ev]>;

/** Names of events whose listener's last parameter is an acknowledgement callback. */
export type EventNamesWithAck<Map extends EventsMap, K extends EventNames<Map> = EventNames<Map>> = {
  [E in K]: Parameters<Map[E]> extends [...infer _Rest, infer Last] ? (Last extends (...args: never[]) => unknown ? E : never) : never;
}[K];

/** Parameters of an event without its trailing ack callback. */
export type ParamsWithoutAck<F> = F extends (...args: [...infer Rest, infer Last]) => unknown
  ? Last extends (...args: never[]) => unknown
    ? Rest
    : Parameters<F>
  : never;

/** The first parameter of an event's ack callback (what emitWithAck resolves with). */
export type AckResult<F> = F extends (...args: [...infer _Rest, infer Last]) => unknown
  ? Last extends (arg: infer R, ...rest: never[]) => unknown
    ? R
    : never
  : never;

/** An ack callback with an error first, as `timeout(ms).emit()` calls it. */
export type WithTimeoutAck<F> = F extends (...args: [...infer Rest, infer Last]) => infer R
  ? Last extends (...ackArgs: infer A) => unknown
    ? (...args: [...Rest, (err: Error | null, ...ackArgs: A) => void]) => R
    : F
  : F;

/** Events reserved by the library, with their listener types, merged into user maps. */
export type ReservedOrUserListener<Reserved extends EventsMap, User extends EventsMap, Ev extends EventNames<Reserved & User>> =
  Ev extends EventNames<Reserved> ? Reserved[Ev] : Ev extends EventNames<User> ? User[Ev] : never;

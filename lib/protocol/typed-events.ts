/**
 * The one copy of the typed-event helper types, used by server and client:
 * event maps, ack detection, and the ack decoration `timeout()` applies
 * (the ack gets an Error first). Server-only shapes (broadcast acks with one
 * answer per client) live in lib/typed-events.ts.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` is what makes these conditional types match every function
type AnyFn = (...args: any[]) => any;
type IsAny<T> = 0 extends 1 & T ? true : false;

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

/** The parameters of one event's listener. */
export type EventParams<Map extends EventsMap, Ev extends EventNames<Map>> = Parameters<Map[Ev]>;

/** The last element of a tuple. */
export type Last<T extends readonly unknown[]> = T extends readonly [...unknown[], infer L] ? L : T extends ReadonlyArray<infer E> ? E : never;
/** A tuple without its last element. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` is what makes these conditional types match every function
export type AllButLast<T extends any[]> = T extends [...infer H, unknown] ? H : any[];

/** Event names whose listener ends with an ack callback (every name of an untyped map). */
export type EventNamesWithAck<Map extends EventsMap, K extends EventNames<Map> = EventNames<Map>> =
  IsAny<Map[K]> extends true ? K : K extends unknown ? (Last<Parameters<Map[K]>> extends AnyFn ? K : never) : never;

/** Event names whose listener has no ack callback. */
export type EventNamesWithoutAck<Map extends EventsMap, K extends EventNames<Map> = EventNames<Map>> =
  IsAny<Map[K]> extends true ? K : K extends unknown ? (Parameters<Map[K]> extends [] ? K : Last<Parameters<Map[K]>> extends AnyFn ? never : K) : never;

/** Event names whose ack callback takes an Error first (after `timeout()`). */
export type EventNamesWithError<Map extends EventsMap, K extends EventNamesWithAck<Map> = EventNamesWithAck<Map>> =
  IsAny<Map[K]> extends true ? K : K extends unknown ? (Parameters<Last<Parameters<Map[K]>> & AnyFn>[0] extends Error ? K : never) : never;

/** An ack callback's first argument that is not the timeout Error: what emitWithAck resolves with. */
export type FirstNonErrorArg<F> = F extends (...args: infer P) => unknown ? (P[0] extends Error ? P[1] : P[0]) : unknown;

/** Parameters of an event without its trailing ack callback. */
export type ParamsWithoutAck<F> = F extends (...args: [...infer Rest, infer Last]) => unknown
  ? Last extends (...args: never[]) => unknown
    ? Rest
    : Parameters<F>
  : never;

/**
 * What emitWithAck resolves with for an event: the first argument of its ack
 * callback, skipping the Error that `timeout()` puts first.
 */
export type AckResult<F> = F extends (...args: [...infer _Rest, infer Last]) => unknown
  ? Last extends (arg: infer R, ...rest: never[]) => unknown
    ? FirstNonErrorArg<Last>
    : never
  : never;

/** Ack callbacks get an Error first, unless they already take one. */
export type PrependTimeoutError<T extends unknown[]> = {
  [K in keyof T]: T[K] extends (...args: infer P) => infer R ? (P[0] extends Error ? T[K] : (err: Error, ...args: P) => R) : T[K];
};

/**
 * An event map whose ack callbacks receive an Error first: what
 * `socket.timeout(ms)` turns the emit map into, on both sides.
 *
 * @example
 * type Emit = { ask: (q: number, ack: (answer: string) => void) => void };
 * type AfterTimeout = DecorateAcknowledgements<Emit>;
 * // { ask: (q: number, ack: (err: Error, answer: string) => void) => void }
 */
export type DecorateAcknowledgements<E> = {
  [K in keyof E]: E[K] extends (...args: infer P) => infer R ? (...args: PrependTimeoutError<P>) => R : E[K];
};


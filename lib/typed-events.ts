/**
 * Server-side typed-event aliases. The base helpers live in
 * lib/protocol/typed-events.ts (one copy for server and client); this file adds
 * the shapes only the server needs: ack decoration for `timeout()` and for
 * broadcasts, whose acks receive one answer per client.
 */
import type { EventsMap, EventNames, EventParams } from "./protocol/typed-events.js";

export type { EventsMap, DefaultEventsMap, EventNames, EventParams } from "./protocol/typed-events.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;
type IsAny<T> = 0 extends 1 & T ? true : false;

/** The last element of a tuple. */
export type Last<T extends readonly unknown[]> = T extends readonly [...unknown[], infer L] ? L : T extends ReadonlyArray<infer E> ? E : never;
/** A tuple without its last element. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AllButLast<T extends any[]> = T extends [...infer H, unknown] ? H : any[];

/** Event names whose listener ends with an ack callback. */
export type EventNamesWithAck<Map extends EventsMap, K extends EventNames<Map> = EventNames<Map>> =
  IsAny<Map[K]> extends true ? K : K extends unknown ? (Last<Parameters<Map[K]>> extends AnyFn ? K : never) : never;

/** Event names whose listener has no ack callback. */
export type EventNamesWithoutAck<Map extends EventsMap, K extends EventNames<Map> = EventNames<Map>> =
  IsAny<Map[K]> extends true ? K : K extends unknown ? (Parameters<Map[K]> extends [] ? K : Last<Parameters<Map[K]>> extends AnyFn ? never : K) : never;

/** Event names whose ack callback takes an Error first (after `timeout()`). */
export type EventNamesWithError<Map extends EventsMap, K extends EventNamesWithAck<Map> = EventNamesWithAck<Map>> =
  IsAny<Map[K]> extends true ? K : K extends unknown ? (Parameters<Last<Parameters<Map[K]>> & AnyFn>[0] extends Error ? K : never) : never;

/** What an ack callback's first non-error argument is: what emitWithAck resolves with. */
export type FirstNonErrorArg<F> = F extends (...args: infer P) => unknown ? (P[0] extends Error ? P[1] : P[0]) : unknown;

type PrependTimeoutError<T extends unknown[]> = {
  [K in keyof T]: T[K] extends (...args: infer P) => infer R ? (P[0] extends Error ? T[K] : (err: Error, ...args: P) => R) : T[K];
};
type ExpectMultipleResponses<T extends unknown[]> = {
  [K in keyof T]: T[K] extends (...args: infer P) => infer R
    ? P extends [Error, ...infer Rest]
      ? (err: Error, ...args: { [I in keyof Rest]: Rest[I][] }) => R
      : (...args: { [I in keyof P]: P[I][] }) => R
    : T[K];
};

/** Ack callbacks receive an Error first: what `socket.timeout(ms)` turns an event map into. */
export type DecorateAcknowledgements<E> = {
  [K in keyof E]: E[K] extends (...args: infer P) => infer R ? (...args: PrependTimeoutError<P>) => R : E[K];
};
/** Ack callbacks receive an array of answers (one per client): broadcasts. */
export type DecorateAcknowledgementsWithMultipleResponses<E> = {
  [K in keyof E]: E[K] extends (...args: infer P) => infer R ? (...args: ExpectMultipleResponses<P>) => R : E[K];
};
/** Both of the above: `io.timeout(ms)`. */
export type DecorateAcknowledgementsWithTimeoutAndMultipleResponses<E> = {
  [K in keyof E]: E[K] extends (...args: infer P) => infer R ? (...args: ExpectMultipleResponses<PrependTimeoutError<P>>) => R : E[K];
};

/** Anything that can emit typed events to clients. */
export interface TypedEventBroadcaster<EmitEvents extends EventsMap> {
  emit<Ev extends EventNames<EmitEvents>>(ev: Ev, ...args: EventParams<EmitEvents, Ev>): boolean;
}

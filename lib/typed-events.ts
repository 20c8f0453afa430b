/**
 * Server-side typed-event aliases. The helpers both sides need (event maps,
 * ack detection, `timeout()`'s DecorateAcknowledgements) live once in
 * lib/protocol/typed-events.ts and are re-exported here; this file adds the
 * shapes only the server needs: broadcasts, whose acks receive one answer
 * per client.
 */
import type { AllButLast, EventsMap, EventNames, EventParams, FirstNonErrorArg, Last, PrependTimeoutError } from "./protocol/typed-events.js";

export type {
  AllButLast,
  DecorateAcknowledgements,
  DefaultEventsMap,
  EventNames,
  EventNamesWithAck,
  EventNamesWithError,
  EventNamesWithoutAck,
  EventParams,
  EventsMap,
  FirstNonErrorArg,
  Last,
  PrependTimeoutError,
} from "./protocol/typed-events.js";

type ExpectMultipleResponses<T extends unknown[]> = {
  [K in keyof T]: T[K] extends (...args: infer P) => infer R
    ? P extends [Error, ...infer Rest]
      ? (err: Error, ...args: { [I in keyof Rest]: Rest[I][] }) => R
      : (...args: { [I in keyof P]: P[I][] }) => R
    : T[K];
};

/** Ack callbacks receive an array of answers (one per client): broadcasts. */
export type DecorateAcknowledgementsWithMultipleResponses<E> = {
  [K in keyof E]: E[K] extends (...args: infer P) => infer R ? (...args: ExpectMultipleResponses<P>) => R : E[K];
};
/** An Error first and one answer per client: `io.timeout(ms)`. */
export type DecorateAcknowledgementsWithTimeoutAndMultipleResponses<E> = {
  [K in keyof E]: E[K] extends (...args: infer P) => infer R ? (...args: ExpectMultipleResponses<PrependTimeoutError<P>>) => R : E[K];
};

/** Anything that can emit typed events to clients. */
export interface TypedEventBroadcaster<EmitEvents extends EventsMap> {
  emit<Ev extends EventNames<EmitEvents>>(ev: Ev, ...args: EventParams<EmitEvents, Ev>): boolean;
}

/** The arguments of `emitWithAck(ev, ...args)`: the event's parameters without the ack callback. */
export type ArgsWithoutAck<E extends EventsMap, Ev extends EventNames<E>> = AllButLast<EventParams<E, Ev>>;

/** What `emitWithAck(ev)` resolves with: the ack callback's first argument that is not an Error. */
export type AckResult<E extends EventsMap, Ev extends EventNames<E>> = FirstNonErrorArg<Last<EventParams<E, Ev>>>;

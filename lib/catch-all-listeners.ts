/**
 * The server's catch-all listeners: the shared method family of
 * lib/protocol/catch-all.ts on top of a {@link GuardedEmitter}, each listener
 * guarded like the event listeners (a throw or rejection is reported to the
 * socket, the other listeners still run).
 */
import type { EventsMap } from "./protocol/typed-events.js";
import { withCatchAll, type CatchAllListener, type CatchAllMethods } from "./protocol/catch-all.js";
import { callListener, GuardedEmitter, type ListenerErrorSink } from "./listener-guard.js";

export type { CatchAllListener, CatchAllMethods };

/** Calls one catch-all listener guarded; `self` is the socket, which is also the error sink. */
function invokeGuarded(listener: CatchAllListener, self: unknown, data: unknown[]): void {
  callListener(self as ListenerErrorSink, data[0] as string, listener, self, data);
}

/**
 * The cast restores GuardedEmitter's type parameters, which a mixin's return
 * type cannot carry.
 */
const GuardedCatchAllBase = withCatchAll(GuardedEmitter, invokeGuarded) as unknown as abstract new <
  Listen extends EventsMap,
  Reserved extends EventsMap,
  Emit extends EventsMap,
>() => GuardedEmitter<Listen, Reserved, Emit> & CatchAllMethods;

/**
 * A guarded emitter with catch-all listeners for the events it receives
 * (`onAny`) and for the events it sends (`onAnyOutgoing`). Each list is
 * created on its first listener.
 *
 * @example
 * socket.onAny((event, ...args) => console.log("in", event, args));
 * socket.onAnyOutgoing((event, ...args) => console.log("out", event, args));
 */
export abstract class CatchAllEmitter<
  Listen extends EventsMap = EventsMap,
  Reserved extends EventsMap = EventsMap,
  Emit extends EventsMap = Listen & Reserved,
> extends GuardedCatchAllBase<Listen, Reserved, Emit> {}

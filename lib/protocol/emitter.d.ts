/**
 * The one small typed event emitter that server and client both use.
 *
 * Unlike Node's EventEmitter, an "error" event without listeners is dropped,
 * never thrown: one client's failure must not crash a process. Listeners are
 * kept in plain arrays; emit copies the array only when more than one listener
 * is registered, so the common single-listener case allocates nothing.
 *
 * Environment-neutral: no node:* imports.
 */
import type { EventsMap, EventNames } from "./typed-events.js";
/**
 * A typed event emitter.
 *
 * @typeParam Listen - events this object emits to its listeners (`on`)
 * @typeParam Reserved - library events merged with Listen
 *
 * @example
 * const e = new Emitter<{ greet: (name: string) => void }>();
 * e.on("greet", (name) => console.log("hi", name));
 * e.emit("greet", "ada");
 */
export declare class Emitter<Listen extends EventsMap = EventsMap, Reserved extends EventsMap = EventsMap> {
    #private;
    /** Adds a listener for `event`. */
    on<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this;
    /** Alias of {@link Emitter.on}. */
    addListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this;
    /** Adds a listener that runs before the ones already registered. */
    prependListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this;
    /** Adds a listener that is removed after its first call. */
    once<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this;
    /** Like {@link Emitter.once}, but runs before the listeners already registered. */
    prependOnceListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this;
    /** Removes one listener (the last one registered, if it was added twice), or every listener of `event` when none is given. */
    off<Ev extends EventNames<Listen & Reserved>>(event?: Ev, listener?: (Listen & Reserved)[Ev]): this;
    /** Alias of {@link Emitter.off} with a listener. */
    removeListener<Ev extends EventNames<Listen & Reserved>>(event: Ev, listener: (Listen & Reserved)[Ev]): this;
    /** Removes every listener of `event`, or of every event. */
    removeAllListeners<Ev extends EventNames<Listen & Reserved>>(event?: Ev): this;
    /**
     * Calls every listener of `event` with `args`, in order.
     * @returns whether any listener was registered
     */
    emit<Ev extends EventNames<Listen & Reserved>>(event: Ev, ...args: Parameters<(Listen & Reserved)[Ev]>): boolean;
    /**
     * Calls listeners without the type checks of `emit`; subclasses whose
     * public `emit` sends over the network use this for local events.
     */
    protected emitReserved(event: string | symbol, ...args: unknown[]): boolean;
    /** The listeners of `event`, in call order (a copy). */
    listeners<Ev extends EventNames<Listen & Reserved>>(event: Ev): (Listen & Reserved)[Ev][];
    /** How many listeners `event` has. */
    listenerCount<Ev extends EventNames<Listen & Reserved>>(event: Ev): number;
    /** Whether `event` has at least one listener. */
    hasListeners<Ev extends EventNames<Listen & Reserved>>(event: Ev): boolean;
    /** Names of events that have listeners. */
    eventNames(): (string | symbol)[];
}

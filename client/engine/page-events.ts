/**
 * The page's "offline" event, shared by every EngineClient of the page.
 *
 * Environment-neutral: in Node there is no global addEventListener and this
 * does nothing.
 */

/** Whether this environment has page-level events (a browser window or worker). */
export const withPageEvents = typeof addEventListener === "function";

/**
 * Called when the page goes offline; an EngineClient adds its handler while
 * it is open and deletes it on close.
 *
 * @example
 * offlineHandlers.add(handler); // later: offlineHandlers.delete(handler)
 */
export const offlineHandlers = new Set<() => void>();

// one listener, added when the script is first evaluated: a ServiceWorker
// accepts "offline" listeners only then. It calls a copy of the handlers: a
// handler's close may open a new client (a reconnection), which must not be
// closed by this same event.
if (withPageEvents) addEventListener("offline", () => [...offlineHandlers].forEach((handler) => handler()));

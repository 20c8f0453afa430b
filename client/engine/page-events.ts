/**
 * The page's "offline" event, shared by every EngineClient of the page.
 *
 * Environment-neutral: in Node there is no global addEventListener and this
 * does nothing.
 */

/** Whether this environment has page-level events (a browser window or worker). */
export const withPageEvents = typeof addEventListener === "function" && typeof removeEventListener === "function";

const offlineHandlers: (() => void)[] = [];
// one listener, added when the script is first evaluated: a ServiceWorker
// accepts "offline" listeners only then
if (withPageEvents) {
  addEventListener("offline", () => {
    const handlers = offlineHandlers.slice();
    for (let i = 0; i < handlers.length; i++) (handlers[i] as () => void)();
  });
}

/**
 * Calls `handler` when the page goes offline, until {@link offOffline}.
 *
 * @example
 * onOffline(handler); // later: offOffline(handler)
 */
export function onOffline(handler: () => void): void {
  offlineHandlers.push(handler);
}

/** Stops calling `handler` on "offline". */
export function offOffline(handler: () => void): void {
  const i = offlineHandlers.indexOf(handler);
  if (i !== -1) offlineHandlers.splice(i, 1);
}

/**
 * The page's "offline" event, shared by every EngineClient of the page.
 *
 * Environment-neutral: in Node there is no global addEventListener and this
 * does nothing.
 */
/** Whether this environment has page-level events (a browser window or worker). */
export declare const withPageEvents: boolean;
/**
 * Calls `handler` when the page goes offline, until {@link offOffline}.
 *
 * @example
 * onOffline(handler); // later: offOffline(handler)
 */
export declare function onOffline(handler: () => void): void;
/** Stops calling `handler` on "offline". */
export declare function offOffline(handler: () => void): void;

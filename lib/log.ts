/**
 * The server's debug loggers: `debug`'s, made cheap to ask whether they are on.
 *
 * Hot paths guard their logging with `if (log.enabled)`. A `debug` instance is a function that
 * gets its properties after creation, `enabled` an accessor among them, and V8 keeps such an
 * object in dictionary mode: each `log.enabled` is then a slow lookup (about 15 ns, and ~4% of
 * the CPU of an acked event through the two guards on its path, measured with perf). An object
 * that becomes a prototype is given fast properties, so each logger is made one once, here.
 * The logger itself is unchanged: `DEBUG=volley:*` and `debug.enable()` work as before.
 */
import createDebug from "debug";

// The getter of `enabled` reads createDebug's own properties: made fast the same way.
Object.create(createDebug);

/**
 * A `debug` logger for `namespace` (e.g. "volley:socket").
 *
 * @example
 * const log = createLog("volley:engine");
 * if (log.enabled) log("session %s opened", id);
 */
export function createLog(namespace: string): createDebug.Debugger {
  const log = createDebug(namespace);
  // (the object made is dropped: making `log` a prototype is what gives it fast properties)
  Object.create(log);
  return log;
}

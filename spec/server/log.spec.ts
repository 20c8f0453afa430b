/**
 * lib/log.ts gives V8 fast properties to each debug logger (a speed-only change): the loggers
 * must still follow `debug.enable()` / `debug.disable()` at run time, and log when enabled.
 */
import { expect } from "chai";
import createDebug from "debug";
import { createLog } from "../../lib/log.js";

describe("createLog: debug loggers made cheap to ask", () => {
  const previous = createDebug.disable();
  after(() => createDebug.enable(previous));

  it("follows debug.enable() and debug.disable(), and writes through debug when enabled", () => {
    const log = createLog("volley:spec-log");
    const lines: unknown[][] = [];
    log.log = (...args: unknown[]) => lines.push(args);
    createDebug.disable();
    expect(log.enabled).to.equal(false);
    log("hidden");
    createDebug.enable("volley:spec-*");
    expect(log.enabled).to.equal(true);
    log("shown");
    createDebug.disable();
    expect(log.enabled).to.equal(false);
    expect(lines).to.have.length(1);
    expect(String(lines[0]![0])).to.contain("volley:spec-log shown");
  });
});

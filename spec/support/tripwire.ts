/**
 * A process-wide tripwire for specs about app code that fails: every
 * unhandled promise rejection during a test is recorded, so the test can
 * assert there was none (Node would crash the process on one by default).
 */
import { expect } from "chai";

/**
 * Registers beforeEach/afterEach hooks in the current describe block and
 * returns the list the rejections of the running test are collected in.
 *
 * @example
 * const rejections = useRejectionTripwire();
 * it("…", async () => { …; expect(rejections).to.deep.equal([]); });
 */
export function useRejectionTripwire(): readonly unknown[] {
  const rejections: unknown[] = [];
  const record = (err: unknown): void => {
    rejections.push(err);
  };
  beforeEach(() => {
    rejections.length = 0;
    process.on("unhandledRejection", record);
  });
  afterEach(() => {
    process.off("unhandledRejection", record);
  });
  return rejections;
}

/**
 * Registers beforeEach/afterEach hooks in the current describe block that
 * collect the uncaught exceptions of the running test instead of letting
 * mocha fail it: for specs about listener errors the client rethrows on their
 * own stack (setTimeout), as socket.io-client's would surface. Mocha's own
 * listeners are put back after each test.
 *
 * @example
 * const uncaught = useUncaughtCatcher();
 * it("…", async () => { …; expect(uncaught).to.have.length(1); });
 */
export function useUncaughtCatcher(): readonly unknown[] {
  const uncaught: unknown[] = [];
  const record = (err: unknown): void => {
    uncaught.push(err);
  };
  let saved: NodeJS.UncaughtExceptionListener[] = [];
  beforeEach(() => {
    uncaught.length = 0;
    saved = process.listeners("uncaughtException");
    process.removeAllListeners("uncaughtException");
    process.on("uncaughtException", record);
  });
  afterEach(() => {
    process.off("uncaughtException", record);
    for (const listener of saved) process.on("uncaughtException", listener);
  });
  return uncaught;
}

/**
 * Collects every uncaught exception and unhandled rejection while a
 * describe block runs (beforeEach / afterEach hooks); the spec asserts the
 * list stays empty.
 *
 * @example
 * const tripped = useProcessTripwire();
 * it("…", () => { …; expect(tripped).to.deep.equal([]); });
 */
export function useProcessTripwire(): unknown[] {
  const tripped: unknown[] = [];
  const record = (err: unknown): void => {
    tripped.push(err);
  };
  beforeEach(() => {
    tripped.length = 0;
    process.on("uncaughtException", record);
    process.on("unhandledRejection", record);
  });
  afterEach(() => {
    process.off("uncaughtException", record);
    process.off("unhandledRejection", record);
  });
  return tripped;
}

/**
 * useProcessTripwire, with an afterEach that fails the running test when an
 * uncaught exception or unhandled rejection tripped it. Specs that clean up
 * in their own afterEach assert after that cleanup with useProcessTripwire.
 *
 * @example
 * describe("load: …", () => {
 *   failOnProcessErrors();
 *   it("…", async () => { … });
 * });
 */
export function failOnProcessErrors(): void {
  const tripped = useProcessTripwire();
  afterEach(() => {
    expect(tripped, "uncaughtException / unhandledRejection").to.deep.equal([]);
  });
}

/**
 * A process-wide tripwire for specs about app code that fails: every
 * unhandled promise rejection during a test is recorded, so the test can
 * assert there was none (Node would crash the process on one by default).
 */

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

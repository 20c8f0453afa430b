import { expect } from "chai";
import { reconnectDelay as delayOf } from "../../client/backoff.js";

/** reconnectDelay with the settings as separate arguments. */
const reconnectDelay = (attempt: number, min: number, max: number, jitter: number, random: number): number =>
  delayOf(attempt, { reconnectionDelay: min, reconnectionDelayMax: max, randomizationFactor: jitter }, random);

describe("client reconnectDelay (backoff)", () => {
  it("doubles the delay on each attempt without jitter", () => {
    expect([0, 1, 2, 3].map((attempt) => reconnectDelay(attempt, 100, 100000, 0, Math.random()))).to.deep.equal([100, 200, 400, 800]);
  });

  it("caps the delay at max", () => {
    const delays = Array.from({ length: 6 }, (_, attempt) => reconnectDelay(attempt, 1000, 5000, 0, Math.random()));
    expect(delays).to.deep.equal([1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it("stays at max for attempts far past the cap", () => {
    expect(reconnectDelay(2000, 1000, 5000, 0.5, Math.random())).to.equal(5000);
  });

  it("moves the delay by at most jitter of itself, both ways", () => {
    expect(reconnectDelay(0, 1000, 100000, 0.5, 0)).to.equal(500);
    expect(reconnectDelay(1, 1000, 100000, 0.5, 0)).to.equal(1000);
    expect(reconnectDelay(0, 1000, 100000, 0.5, 0.999999)).to.be.within(1499, 1500);
    expect(reconnectDelay(0, 1000, 100000, 0.5, 0.5)).to.equal(1000);
  });

  it("stays within bounds with Math.random", () => {
    for (let i = 0; i < 50; i++) {
      expect(reconnectDelay(0, 1000, 5000, 0.5, Math.random())).to.be.within(500, 1500);
      expect(reconnectDelay(1, 1000, 5000, 0.5, Math.random())).to.be.within(1000, 3000);
    }
  });

  it("draws the jitter with Math.random by default", () => {
    const settings = { reconnectionDelay: 1000, reconnectionDelayMax: 5000, randomizationFactor: 0.5 };
    for (let i = 0; i < 50; i++) expect(delayOf(1, settings)).to.be.within(1000, 3000);
  });
});

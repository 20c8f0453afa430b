import { expect } from "chai";
import { Backoff } from "../../client/backoff.js";

describe("client Backoff", () => {
  it("doubles the delay on each attempt without jitter", () => {
    const backoff = new Backoff(100, 100000, 0);
    expect([backoff.duration(), backoff.duration(), backoff.duration(), backoff.duration()]).to.deep.equal([
      100, 200, 400, 800,
    ]);
    expect(backoff.attempts).to.equal(4);
  });

  it("caps the delay at max", () => {
    const backoff = new Backoff(1000, 5000, 0);
    const delays = Array.from({ length: 6 }, () => backoff.duration());
    expect(delays).to.deep.equal([1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it("starts over after reset", () => {
    const backoff = new Backoff(100, 10000, 0);
    backoff.duration();
    backoff.duration();
    backoff.reset();
    expect(backoff.attempts).to.equal(0);
    expect(backoff.duration()).to.equal(100);
  });

  it("moves the delay by at most jitter of itself, both ways", () => {
    const low = new Backoff(1000, 100000, 0.5, 2, () => 0);
    const high = new Backoff(1000, 100000, 0.5, 2, () => 0.999999);
    const middle = new Backoff(1000, 100000, 0.5, 2, () => 0.5);
    expect(low.duration()).to.equal(500);
    expect(low.duration()).to.equal(1000);
    expect(high.duration()).to.be.within(1499, 1500);
    expect(middle.duration()).to.equal(1000);
  });

  it("stays within bounds with Math.random", () => {
    const backoff = new Backoff(1000, 5000, 0.5);
    for (let i = 0; i < 50; i++) {
      backoff.reset();
      expect(backoff.duration()).to.be.within(500, 1500);
      expect(backoff.duration()).to.be.within(1000, 3000);
    }
  });

  it("honours a custom factor and live-updated bounds", () => {
    const backoff = new Backoff(10, 1000, 0, 3);
    expect(backoff.duration()).to.equal(10);
    expect(backoff.duration()).to.equal(30);
    backoff.max = 50;
    expect(backoff.duration()).to.equal(50);
  });
});

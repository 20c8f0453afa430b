import { expect } from "chai";
import { Emitter } from "../../lib/protocol/emitter.js";

describe("protocol/emitter", () => {
  it("calls listeners in order with the emitted arguments", () => {
    const e = new Emitter();
    const seen: unknown[] = [];
    e.on("x", (a: number, b: string) => seen.push(["first", a, b]));
    e.on("x", (a: number) => seen.push(["second", a]));
    expect(e.emit("x", 1, "two")).to.equal(true);
    expect(seen).to.deep.equal([["first", 1, "two"], ["second", 1]]);
  });

  it("once listeners run once and can be removed by their original function", () => {
    const e = new Emitter();
    let count = 0;
    const listener = () => count++;
    e.once("x", listener);
    e.emit("x");
    e.emit("x");
    expect(count).to.equal(1);
    e.once("y", listener);
    e.off("y", listener);
    expect(e.emit("y")).to.equal(false);
    expect(count).to.equal(1);
  });

  it("prepends listeners and reports listeners and counts", () => {
    const e = new Emitter();
    const order: string[] = [];
    const a = () => order.push("a");
    const b = () => order.push("b");
    e.on("x", a);
    e.prependListener("x", b);
    e.emit("x");
    expect(order).to.deep.equal(["b", "a"]);
    expect(e.listeners("x")).to.deep.equal([b, a]);
    expect(e.listenerCount("x")).to.equal(2);
    e.removeAllListeners("x");
    expect(e.hasListeners("x")).to.equal(false);
  });

  it("does not throw on an error event without listeners", () => {
    const e = new Emitter();
    expect(e.emit("error", new Error("boom"))).to.equal(false);
  });

  it("a listener removed during emit still gets this round, not the next", () => {
    const e = new Emitter();
    const calls: string[] = [];
    const b = () => calls.push("b");
    e.on("x", () => {
      calls.push("a");
      e.off("x", b);
    });
    e.on("x", b);
    e.emit("x");
    e.emit("x");
    expect(calls).to.deep.equal(["a", "b", "a"]);
  });
});

import { expect } from "chai";
import { Emitter, NodeEmitter } from "../../lib/protocol/emitter.js";

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

  it("NodeEmitter prepends listeners and reports listeners and counts", () => {
    const e = new NodeEmitter();
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

  it("NodeEmitter prepends once listeners and lists event names", () => {
    const e = new NodeEmitter();
    const order: string[] = [];
    const a = () => order.push("a");
    const b = () => order.push("b");
    const c = () => order.push("c");
    const sym = Symbol("s");
    e.on("x", a);
    e.prependOnceListener("x", b);
    e.addListener(sym as never, c);
    expect(e.listeners("x")).to.deep.equal([b, a]);
    expect(e.eventNames()).to.deep.equal(["x", sym]);
    e.emit("x");
    e.emit("x");
    expect(order).to.deep.equal(["b", "a", "a"]);
    e.off(sym as never, c);
    expect(e.eventNames()).to.deep.equal(["x"]);
    e.off();
    expect(e.eventNames()).to.deep.equal([]);
  });

  it("treats any event name as a plain key", () => {
    const e = new Emitter();
    expect(e.hasListeners("constructor")).to.equal(false);
    expect(e.emit("__proto__")).to.equal(false);
    let calls = 0;
    e.on("__proto__", () => calls++).on("constructor", () => calls++);
    e.emit("__proto__");
    e.emit("constructor");
    expect(calls).to.equal(2);
    expect(e.listeners("toString")).to.deep.equal([]);
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

  it("emitters without listeners share nothing: off/removeAllListeners on them, then a listener on one, leaves the others without any", () => {
    const a = new NodeEmitter();
    const b = new NodeEmitter();
    const c = new Emitter();
    a.off("x", () => {});
    a.removeAllListeners();
    b.removeAllListeners("x");
    expect(a.emit("x")).to.equal(false);
    a.on("x", () => {});
    b.prependListener("y", () => {});
    expect(a.listenerCount("x")).to.equal(1);
    expect(b.listenerCount("x")).to.equal(0);
    expect(b.listenerCount("y")).to.equal(1);
    expect(c.hasListeners("x")).to.equal(false);
    expect(c.emit("y")).to.equal(false);
    expect(new NodeEmitter().eventNames()).to.deep.equal([]);
  });
});

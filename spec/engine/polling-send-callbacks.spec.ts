/**
 * Send callbacks over polling: a callback runs once the write that carried its packet has been
 * handed to the network, not when an earlier write (sent without callbacks) drains. A session
 * keeps only a count of such earlier writes until its first callback (send-callbacks.ts).
 */
import { expect } from "chai";
import type { EngineSocket } from "../../lib/engine/index.js";
import { addSendCallback, writeDrained, writeFlushed, type SendCallbackHolder } from "../../lib/engine/send-callbacks.js";
import { pollingHandshake, rawRequest, sleep, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

describe("engine: send callbacks over polling", () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startEngine({ pingInterval: 10_000, pingTimeout: 5_000 });
  });
  afterEach(() => t.close());

  it("a callback waits for the write of its own packet, past a write without callbacks still in flight", async () => {
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [session] = await connection;
    const path = t.path(`EIO=4&transport=polling&sid=${sid}`);
    const calls: string[] = [];

    // A GET is held; "a" (no callback) goes out in its response, then "b" with a callback waits
    // for the next GET: its callback must not run when "a"'s write drains.
    const firstPoll = rawRequest(t.port, "GET", path);
    await sleep(50);
    session.send("a");
    session.send("b", undefined, () => calls.push("b sent"));
    expect((await firstPoll).body).to.equal("4a");
    await sleep(100);
    expect(calls).to.deep.equal([]);

    expect((await rawRequest(t.port, "GET", path)).body).to.equal("4b");
    for (let i = 0; i < 100 && calls.length === 0; i++) await sleep(10);
    expect(calls).to.deep.equal(["b sent"]);
  });
});

describe("engine: a session's send callback bookkeeping (send-callbacks.ts)", () => {
  it("counts the writes in flight before the first callback, so that callback waits for its own write", () => {
    const holder: SendCallbackHolder = { _callbacks: null, _bareWrites: 0 };
    const calls: string[] = [];
    writeFlushed(holder); // a write without callbacks, in flight
    writeFlushed(holder); // and another
    addSendCallback(holder, () => calls.push("c"));
    writeFlushed(holder); // the write carrying c
    writeDrained(holder, "sid");
    writeDrained(holder, "sid");
    expect(calls).to.deep.equal([]);
    writeDrained(holder, "sid");
    expect(calls).to.deep.equal(["c"]);
  });

  it("keeps no object until the first callback", () => {
    const holder: SendCallbackHolder = { _callbacks: null, _bareWrites: 0 };
    writeFlushed(holder);
    writeDrained(holder, "sid");
    writeDrained(holder, "sid"); // (a drain without a write in flight changes nothing)
    expect(holder).to.deep.equal({ _callbacks: null, _bareWrites: 0 });
  });
});

/**
 * Bug: a client CLOSE packet (`1`) POSTed while the session held the client's
 * GET answered that GET with a close packet `1`. engine.io (and the public
 * Engine.IO conformance suite, "forcefully closes the session") answer it
 * with a noop `6`: the client asked for the close, it needs no close back.
 * Then the sid is gone: the next GET is 400 code 1. The suite sends its GET
 * and the POST at once, so the POST may arrive first: that GET, when it
 * comes, gets the noop too (the session waits a short grace for it).
 */
import { expect } from "chai";
import type { EngineSocket } from "../../lib/engine/index.js";
import { pollingHandshake, rawRequest, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";
import { until } from "../support/wait.js";

describe("regression: a client CLOSE over long-polling answers the held GET with a noop", () => {
  let t: TestEngine;
  afterEach(() => t.close());

  it("held GET gets 6, the session closes with transport close, the sid is then unknown", async () => {
    t = await startEngine({ pingInterval: 5000 });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [socket] = await connection;
    const closed = waitForEvent<[string]>(socket, "close");
    const held = rawRequest(t.port, "GET", t.path(`EIO=4&transport=polling&sid=${sid}`));
    await until(() => socket.transport.writable);
    const post = await rawRequest(t.port, "POST", t.path(`EIO=4&transport=polling&sid=${sid}`), { body: "1" });
    expect(post.status).to.equal(200);
    const poll = await held;
    expect(poll.status).to.equal(200);
    expect(poll.body).to.equal("6");
    expect((await closed)[0]).to.equal("transport close");
    const after = await rawRequest(t.port, "GET", t.path(`EIO=4&transport=polling&sid=${sid}`));
    expect(after.status).to.equal(400);
    expect(JSON.parse(after.body)).to.deep.equal({ code: 1, message: "Session ID unknown" });
  });

  it("a GET that the CLOSE overtook (sent at once, arriving after the POST) still gets 6, then the sid is unknown", async () => {
    t = await startEngine({ pingInterval: 5000 });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [socket] = await connection;
    socket.send("buffered, never read"); // a client that left does not get it
    const closed = waitForEvent<[string]>(socket, "close");
    await rawRequest(t.port, "POST", t.path(`EIO=4&transport=polling&sid=${sid}`), { body: "1" });
    expect(socket.readyState).to.equal("closing");
    const late = await rawRequest(t.port, "GET", t.path(`EIO=4&transport=polling&sid=${sid}`));
    expect(late.status).to.equal(200);
    expect(late.body).to.equal("6");
    expect((await closed)[0]).to.equal("transport close");
    const after = await rawRequest(t.port, "GET", t.path(`EIO=4&transport=polling&sid=${sid}`));
    expect(after.status).to.equal(400);
    expect(JSON.parse(after.body)).to.deep.equal({ code: 1, message: "Session ID unknown" });
  });

  it("without any GET the session closes all the same (after a short grace) and the sid is unknown", async () => {
    t = await startEngine({ pingInterval: 5000 });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [socket] = await connection;
    const closed = waitForEvent<[string]>(socket, "close");
    await rawRequest(t.port, "POST", t.path(`EIO=4&transport=polling&sid=${sid}`), { body: "1" });
    expect((await closed)[0]).to.equal("transport close");
    expect(t.engine.clientsCount).to.equal(0);
    const after = await rawRequest(t.port, "GET", t.path(`EIO=4&transport=polling&sid=${sid}`));
    expect(after.status).to.equal(400);
    expect(JSON.parse(after.body).code).to.equal(1);
  });
});

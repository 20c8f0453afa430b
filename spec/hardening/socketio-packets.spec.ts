/**
 * Hostile Socket.IO packets over a raw WebSocket after `40`, while good
 * clients keep exchanging acked events on the same server.
 */
import { expect } from "chai";
import { startArena, rawWebSocket, waitUntil, type Arena } from "./support.js";

describe("hardening: hostile Socket.IO packets", function () {
  this.timeout(15000);
  let arena: Arena;

  beforeEach(async () => {
    arena = await startArena({ maxHttpBufferSize: 1e6 });
  });

  afterEach(async () => {
    await arena.close();
  });

  /** Sends `frames` after CONNECT and expects that socket to leave with "parse error". */
  async function expectParseError(...frames: Array<string | Buffer>): Promise<void> {
    const a = await rawWebSocket(arena.port, { connect: true });
    for (const frame of frames) a.ws.send(frame);
    await waitUntil(() => arena.socketDisconnects.has(a.socketId!));
    expect(arena.socketDisconnects.get(a.socketId!)).to.equal("parse error");
    await a.closed;
    await arena.assertGoodClientsUnharmed();
  }

  /** Sends `frames` after CONNECT and expects the socket to stay connected and still answer. */
  async function expectStillServed(...frames: Array<string | Buffer>): Promise<void> {
    const a = await rawWebSocket(arena.port, { connect: true });
    for (const frame of frames) a.ws.send(frame);
    a.ws.send('4277["echo","alive"]');
    await waitUntil(() => a.frames.includes('4377["alive"]'));
    expect(arena.socketDisconnects.has(a.socketId!)).to.equal(false);
    a.ws.close();
    await arena.assertGoodClientsUnharmed();
  }

  it("42 with non-array JSON", () => expectParseError('42{"a":1}'));
  it("42[] (no event name)", () => expectParseError("42[]"));
  it("42[1] (a number as event name)", () => expectParseError("42[1]"));
  it('42["disconnect"] (a reserved name)', () => expectParseError('42["disconnect"]'));
  it("45- with 1e9 attachments", () => expectParseError('451000000000-["x",{"_placeholder":true,"num":0}]'));
  it("451- followed by 20 binary frames", () =>
    expectParseError('451-["x",{"_placeholder":true,"num":0}]', ...Array.from({ length: 20 }, () => Buffer.from([1, 2]))));
  it("an ack id of 99999999999999999999", () => expectParseError('4299999999999999999999["echo",1]'));
  it("CONNECT data that is an array", () => expectParseError('40/x,[1,2]'));
  it("CONNECT data that is a string", () => expectParseError('40/x,"auth"'));
  it("a placeholder pointing past the attachments", () =>
    expectParseError('451-["x",{"_placeholder":true,"num":5}]', Buffer.from([1])));

  it('42["__proto__",{}] reaches no listener and breaks nothing', () => expectStillServed('42["__proto__",{}]', '42["constructor",{}]'));
  it("43 acks for ids never issued are dropped", () => expectStillServed("431[]", '439007199254740991["x"]'));
  it("an event name of 100 KB is just an unknown event", () => expectStillServed(`42["${"e".repeat(100_000)}",1]`));

  it("deeply nested JSON (100k levels) is a parse error (maxNestingDepth)", () =>
    expectParseError(`421["echo",${"[".repeat(100_000)}${"]".repeat(100_000)}]`));

  it("a 900 KB JSON array of numbers under maxPayload is served", async () => {
    const a = await rawWebSocket(arena.port, { connect: true });
    const numbers = Array.from({ length: 150_000 }, (_, i) => i % 100000);
    const frame = `425["echo",${JSON.stringify(numbers)}]`;
    expect(frame.length).to.be.within(800_000, 1e6);
    a.ws.send(frame);
    await waitUntil(() => a.frames.some((f) => f.startsWith("435[")));
    expect(JSON.parse(a.frames.find((f) => f.startsWith("435["))!.slice(3))[0]).to.have.length(150_000);
    a.ws.close();
    await arena.assertGoodClientsUnharmed();
  });

  it("CONNECT with a 500 KB auth is accepted like any other", async () => {
    const a = await rawWebSocket(arena.port);
    a.ws.send(`40${JSON.stringify({ blob: "z".repeat(500_000) })}`);
    await waitUntil(() => a.frames.some((f) => f.startsWith('40{"sid"')));
    a.ws.close();
    await arena.assertGoodClientsUnharmed();
  });

  it("CONNECT to 1000 unknown namespaces: each refused, no state created", async () => {
    const before = arena.srv.io._nsps.size;
    const a = await rawWebSocket(arena.port, { connect: true });
    for (let i = 0; i < 1000; i++) a.ws.send(`40/a${i},`);
    await waitUntil(() => a.frames.filter((f) => f.startsWith("44/a")).length === 1000);
    expect(a.frames.find((f) => f.startsWith("44/a999,"))).to.equal('44/a999,{"message":"Invalid namespace"}');
    expect(arena.srv.io._nsps.size).to.equal(before);
    expect(arena.socketDisconnects.has(a.socketId!)).to.equal(false);
    a.ws.close();
    await arena.assertGoodClientsUnharmed();
  });

  it("CONNECT to 1000 namespaces with a dynamic parent /.*/: capped by maxNamespacesPerConnection", async () => {
    arena.srv.io.of(/.*/);
    const before = arena.srv.io._nsps.size;
    const a = await rawWebSocket(arena.port, { connect: true });
    for (let i = 0; i < 1000; i++) a.ws.send(`40/d${i},`);
    await waitUntil(() => a.frames.filter((f) => f.startsWith("40/d") || f.startsWith("44/d")).length === 1000);
    // "/" already holds one slot of the default 100.
    expect(a.frames.filter((f) => f.startsWith("40/d"))).to.have.length(99);
    expect(a.frames.find((f) => f.startsWith("44/d999,"))).to.equal('44/d999,{"message":"Too many namespaces on this connection"}');
    expect(arena.srv.io._nsps.size).to.equal(before + 99);
    a.ws.close();
    await arena.assertGoodClientsUnharmed();
  });
});

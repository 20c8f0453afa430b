/**
 * A text message without callback over WebSocket takes the transport's short path
 * (EngineSocket.send -> sendMessage, no packet object, no write buffer, no events). These specs
 * pin what must not change with it: "packetCreate", "flush" and "drain" listeners still hear
 * every write (the short path steps aside for them), send callbacks still run, and the bytes and
 * their order are the same whichever path a message took.
 */
import { expect } from "chai";
import type { EngineSocket } from "../../lib/engine/index.js";
import { UNSHARED } from "../../lib/engine/send-callbacks.js";
import { openRawWs, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

async function openSession(t: TestEngine) {
  const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
  const raw = await openRawWs(t, "EIO=4&transport=websocket");
  expect((await raw.next()).data).to.match(/^0\{/);
  const [socket] = await connection;
  return { socket, raw };
}

describe("engine websocket: the short path of a text message", () => {
  let t: TestEngine;
  afterEach(() => t.close());

  it("'packetCreate', 'flush' and 'drain' listeners hear each message, as over the full path", async () => {
    t = await startEngine();
    const { socket, raw } = await openSession(t);
    const heard: string[] = [];
    socket.on("packetCreate", (packet) => heard.push(`packetCreate ${packet.type} ${String(packet.data)}`));
    socket.on("flush", (packets) => heard.push(`flush ${packets.length}`));
    socket.on("drain", () => heard.push("drain"));
    socket.send("a");
    socket.send("b", { compress: false });
    expect(heard).to.deep.equal(["packetCreate message a", "flush 1", "drain", "packetCreate message b", "flush 1", "drain"]);
    expect(await raw.next()).to.deep.equal({ data: "4a", isBinary: false });
    expect(await raw.next()).to.deep.equal({ data: "4b", isBinary: false });
    raw.ws.close();
  });

  it("send callbacks run, in order, mixed with messages sent without one", async () => {
    t = await startEngine();
    const { socket, raw } = await openSession(t);
    const done: string[] = [];
    socket.send("1");
    socket.send("2", () => done.push("2"));
    socket.send("3");
    socket.send("4", () => done.push("4"));
    for (const n of ["1", "2", "3", "4"]) expect(await raw.next()).to.deep.equal({ data: `4${n}`, isBinary: false });
    expect(done).to.deep.equal(["2", "4"]);
    raw.ws.close();
  });

  it("a text for one session (UNSHARED) and a shared text of the same length both arrive intact, in order", async () => {
    t = await startEngine();
    const sockets: EngineSocket[] = [];
    t.engine.on("connection", (s) => sockets.push(s));
    const clients = await Promise.all([1, 2].map(() => openRawWs(t, "EIO=4&transport=websocket")));
    for (const c of clients) await c.next();
    // shared, then one of the same length for the first session only, then the shared one again
    for (const s of sockets) s.send("shared ✓");
    sockets[0]!.send("unique ✓", UNSHARED);
    for (const s of sockets) s.send("shared ✓");
    expect([(await clients[0]!.next()).data, (await clients[0]!.next()).data, (await clients[0]!.next()).data]).to.deep.equal([
      "4shared ✓",
      "4unique ✓",
      "4shared ✓",
    ]);
    expect([(await clients[1]!.next()).data, (await clients[1]!.next()).data]).to.deep.equal(["4shared ✓", "4shared ✓"]);
    for (const c of clients) c.ws.close();
  });
});

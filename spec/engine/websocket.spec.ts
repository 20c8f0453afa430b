import { expect } from "chai";
import type { EngineSocket } from "../../lib/engine/index.js";
import { openRawWs, pollingHandshake, rawRequest, sleep, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

describe("engine websocket transport and upgrade (raw ws)", () => {
  let t: TestEngine;
  afterEach(() => t.close());

  it("one packet per frame: text frames for text, binary frames for binary", async () => {
    t = await startEngine();
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const raw = await openRawWs(t, "EIO=4&transport=websocket");
    await raw.next(); // open
    const [socket] = await connection;
    const got = waitForEvent<[unknown]>(socket, "message");
    raw.ws.send(Buffer.from([5, 6]), { binary: true });
    expect([...((await got)[0] as Buffer)]).to.deep.equal([5, 6]);
    socket.send("text");
    socket.send(new Uint8Array([7, 8]));
    expect(await raw.next()).to.deep.equal({ data: "4text", isBinary: false });
    const bin = await raw.next();
    expect(bin.isBinary).to.equal(true);
    expect([...(bin.data as Buffer)]).to.deep.equal([7, 8]);
    raw.ws.close();
  });

  it("the same string sent to many sockets arrives intact on each (broadcast frame cache)", async () => {
    t = await startEngine();
    const sockets: EngineSocket[] = [];
    t.engine.on("connection", (s) => sockets.push(s));
    const clients = await Promise.all([1, 2, 3].map(() => openRawWs(t, "EIO=4&transport=websocket")));
    for (const c of clients) await c.next();
    for (const s of sockets) s.send("same ✓");
    for (const s of sockets) s.send("other");
    for (const c of clients) {
      expect(await c.next()).to.deep.equal({ data: "4same ✓", isBinary: false });
      expect(await c.next()).to.deep.equal({ data: "4other", isBinary: false });
      c.ws.close();
    }
  });

  it("a frame over maxHttpBufferSize closes the ws with 1009 and the session with 'transport error'", async () => {
    t = await startEngine({ maxHttpBufferSize: 50 });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const raw = await openRawWs(t, "EIO=4&transport=websocket");
    const [socket] = await connection;
    const closed = waitForEvent<[string]>(socket, "close");
    raw.ws.send("4" + "x".repeat(100));
    expect((await raw.closed).code).to.equal(1009);
    expect((await closed)[0]).to.equal("transport error");
  });

  it("a client ping over websocket is a protocol error ('transport error', as engine.io 6)", async () => {
    t = await startEngine();
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const raw = await openRawWs(t, "EIO=4&transport=websocket");
    const [socket] = await connection;
    const closed = waitForEvent<[string]>(socket, "close");
    raw.ws.send("2");
    expect((await closed)[0]).to.equal("transport error");
    await raw.closed;
  });

  it("pings over websocket and closes with 'ping timeout' without pong", async () => {
    t = await startEngine({ pingInterval: 50, pingTimeout: 80 });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const raw = await openRawWs(t, "EIO=4&transport=websocket");
    const [socket] = await connection;
    await raw.next(); // open
    expect((await raw.next()).data).to.equal("2");
    raw.ws.send("3");
    expect((await raw.next()).data).to.equal("2");
    const [reason] = await waitForEvent<[string]>(socket, "close");
    expect(reason).to.equal("ping timeout");
  });

  describe("upgrade", () => {
    it("runs 2probe / 3probe / 6 on the held GET / 5, then flushes buffered packets in order on the ws", async () => {
      t = await startEngine();
      const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
      const { sid } = await pollingHandshake(t);
      const [socket] = await connection;
      const q = `EIO=4&transport=polling&sid=${sid}`;
      const heldGet = rawRequest(t.port, "GET", t.path(q));
      await sleep(30);

      const raw = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
      const upgrading = waitForEvent(socket, "upgrading");
      raw.ws.send("2probe");
      expect(await raw.next()).to.deep.equal({ data: "3probe", isBinary: false });
      await upgrading;
      expect((await heldGet).body).to.equal("6");
      expect(socket.transport.name).to.equal("polling");

      // Sent while the upgrade is pending: buffered, not lost, not reordered.
      socket.send("one");
      socket.send(Buffer.from([1]));
      socket.send("three");
      const upgraded = waitForEvent(socket, "upgrade");
      raw.ws.send("5");
      await upgraded;
      expect(socket.transport.name).to.equal("websocket");
      expect(await raw.next()).to.deep.equal({ data: "4one", isBinary: false });
      expect((await raw.next()).isBinary).to.equal(true);
      expect(await raw.next()).to.deep.equal({ data: "4three", isBinary: false });

      // Polling is over for this sid.
      const late = await rawRequest(t.port, "GET", t.path(q));
      expect(late.status).to.equal(400);
      expect(JSON.parse(late.body).code).to.equal(3);

      const got = waitForEvent<[string]>(socket, "message");
      raw.ws.send("4after");
      expect((await got)[0]).to.equal("after");
      raw.ws.close();
    });

    it("a held GET that arrives after the probe is answered with a noop", async () => {
      t = await startEngine();
      const { sid } = await pollingHandshake(t);
      const raw = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
      raw.ws.send("2probe");
      await raw.next();
      const res = await rawRequest(t.port, "GET", t.path(`EIO=4&transport=polling&sid=${sid}`));
      expect(res.body).to.equal("6");
      raw.ws.close();
    });

    it("closes the probe when no 5 comes within upgradeTimeout; polling goes on", async () => {
      t = await startEngine({ upgradeTimeout: 80 });
      const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
      const { sid } = await pollingHandshake(t);
      const [socket] = await connection;
      const raw = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
      raw.ws.send("2probe");
      await raw.next();
      await raw.closed;
      expect(socket.readyState).to.equal("open");
      expect(socket.transport.name).to.equal("polling");
      expect(socket.upgrading).to.equal(false);
      socket.send("still polling");
      const res = await rawRequest(t.port, "GET", t.path(`EIO=4&transport=polling&sid=${sid}`));
      expect(res.body).to.equal("4still polling");
    });

    it("closes the probe on any other packet; polling goes on", async () => {
      t = await startEngine();
      const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
      const { sid } = await pollingHandshake(t);
      const [socket] = await connection;
      const raw = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
      raw.ws.send("4hijack");
      await raw.closed;
      expect(socket.readyState).to.equal("open");
      expect(socket.transport.name).to.equal("polling");
    });

    it("closes a second concurrent upgrade (accepted, then closed) and refuses an upgrade when upgrades are off", async () => {
      t = await startEngine();
      const { sid } = await pollingHandshake(t);
      const first = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
      const second = await openRawWs(t, `EIO=4&transport=websocket&sid=${sid}`);
      await second.closed;
      expect(second.frames).to.deep.equal([]);
      first.ws.send("2probe");
      expect((await first.next()).data).to.equal("3probe");
      first.ws.close();
      await t.close();
      t = await startEngine({ allowUpgrades: false });
      const other = await pollingHandshake(t);
      const refused = await openRawWs(t, `EIO=4&transport=websocket&sid=${other.sid}`).then(() => null, (e: { status?: number }) => e);
      expect(refused?.status).to.equal(400);
    });
  });
});

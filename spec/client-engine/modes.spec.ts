/**
 * One behavioural suite, run for each transport mode against the official
 * engine.io 6 server and volley's own Engine: polling only, websocket only, polling then upgrade,
 * and websocket-first falling back to polling.
 */
import { expect } from "chai";
import type { TransportName } from "../../client/engine/types.js";
import { SERVER_KINDS, cleanup, client, next, track, until } from "./support.js";

interface Mode {
  name: string;
  transports: TransportName[];
  server: { transports?: TransportName[] };
  /** The transport the session ends up on. */
  settled: TransportName;
  upgrades: boolean;
}

const MODES: Mode[] = [
  { name: "polling only", transports: ["polling"], server: {}, settled: "polling", upgrades: false },
  { name: "websocket only", transports: ["websocket"], server: {}, settled: "websocket", upgrades: false },
  { name: "polling then upgrade", transports: ["polling", "websocket"], server: {}, settled: "websocket", upgrades: true },
  {
    name: "websocket-first, server allows polling only",
    transports: ["websocket", "polling"],
    server: { transports: ["polling"] },
    settled: "polling",
    upgrades: false,
  },
];

for (const [kind, startServer] of Object.entries(SERVER_KINDS)) {
  for (const mode of MODES) defineModeSuite(kind, startServer, mode);
}

function defineModeSuite(kind: string, startServer: (typeof SERVER_KINDS)[keyof typeof SERVER_KINDS], mode: Mode): void {
  describe(`EngineClient against ${kind}: ${mode.name}`, () => {
    afterEach(cleanup);

    async function connect() {
      const server = track(await startServer(mode.server));
      const engine = client(server.url, { transports: mode.transports });
      const serverSocket = server.nextConnection();
      const upgraded = mode.upgrades ? next(engine, "upgrade") : undefined;
      engine.open();
      await next(engine, "open");
      if (upgraded) await upgraded;
      const socket = await serverSocket;
      // the server switches when it reads the client's "5", a moment after the client did
      await until(() => socket.transport.name === mode.settled);
      return { server, engine, socket };
    }

    it("connects and settles on the expected transport", async () => {
      const { server, engine, socket } = await connect();
      expect(engine.readyState).to.equal("open");
      expect(engine.id).to.equal(server.sid(socket));
      expect(engine.transport.name).to.equal(mode.settled);
      expect(engine.upgraded).to.equal(mode.upgrades);
      expect(socket.transport.name).to.equal(mode.settled);
    });

    it("sends text both ways", async () => {
      const { engine, socket } = await connect();
      const received = new Promise<unknown>((resolve) => socket.once("message", resolve));
      engine.send("héllo ✓");
      expect(await received).to.equal("héllo ✓");
      const back = next(engine, "message");
      socket.send("wörld ✓");
      expect((await back)[0]).to.equal("wörld ✓");
    });

    it("sends binary both ways", async () => {
      const { engine, socket } = await connect();
      const received = new Promise<unknown>((resolve) => socket.once("message", resolve));
      engine.send(new Uint8Array([1, 2, 255]));
      const got = (await received) as Buffer;
      expect(Buffer.isBuffer(got)).to.equal(true);
      expect([...got]).to.deep.equal([1, 2, 255]);
      const back = next(engine, "message");
      socket.send(Buffer.from([4, 5, 0]));
      const [data] = await back;
      expect(Buffer.isBuffer(data)).to.equal(true);
      expect([...(data as Buffer)]).to.deep.equal([4, 5, 0]);
    });

    it("keeps the order of messages sent right after open, across any upgrade", async () => {
      const server = track(await startServer(mode.server));
      const engine = client(server.url, { transports: mode.transports });
      const socketP = server.nextConnection();
      engine.on("open", () => {
        for (let i = 0; i < 20; i++) engine.send(i % 2 ? `m${i}` : Buffer.from([i]));
      });
      engine.open();
      const socket = await socketP;
      const got: string[] = [];
      socket.on("message", (data: unknown) => got.push(typeof data === "string" ? data : `b${(data as Buffer)[0]}`));
      await until(() => got.length === 20);
      expect(got).to.deep.equal(Array.from({ length: 20 }, (_, i) => (i % 2 ? `m${i}` : `b${i}`)));
    });

    it("closes with 'forced close' and the server sees the client leave", async () => {
      const { engine, socket } = await connect();
      const serverClose = new Promise<string>((resolve) => socket.once("close", resolve));
      engine.send("last words");
      const lastWords = new Promise<unknown>((resolve) => socket.once("message", resolve));
      const closed = next(engine, "close");
      engine.close();
      expect(engine.readyState).to.be.oneOf(["closing", "closed"]);
      expect((await closed)[0]).to.equal("forced close");
      expect(await lastWords).to.equal("last words");
      expect(await serverClose).to.equal("transport close");
      expect(engine.readyState).to.equal("closed");
      expect(engine.id).to.equal(null);
    });

    it("reports 'transport close' when the server closes the session", async () => {
      const { engine, socket } = await connect();
      const closed = next(engine, "close");
      socket.close();
      expect((await closed)[0]).to.equal("transport close");
    });
  });
}

import { expect } from "chai";
import { Socket as ClientSocket } from "engine.io-client";
import type { EngineSocket } from "../../lib/engine/index.js";
import { startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";

const MODES = [
  { name: "polling only", transports: ["polling"], upgrade: false, expected: "polling" },
  { name: "websocket only", transports: ["websocket"], upgrade: false, expected: "websocket" },
  { name: "polling then upgrade", transports: ["polling", "websocket"], upgrade: true, expected: "websocket" },
] as const;

for (const mode of MODES) {
  describe(`engine with engine.io-client 6 (${mode.name})`, () => {
    let t: TestEngine;
    let client: ClientSocket | undefined;

    beforeEach(async () => {
      t = await startEngine({ pingInterval: 300, pingTimeout: 200 });
    });
    afterEach(async () => {
      client?.close();
      client = undefined;
      await t.close();
    });

    async function connect(): Promise<{ server: EngineSocket; client: ClientSocket }> {
      const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
      client = new ClientSocket(`http://127.0.0.1:${t.port}`, {
        transports: [...mode.transports],
        upgrade: mode.upgrade,
      });
      await waitForEvent(client, "open");
      const [server] = await connection;
      if (mode.upgrade && server.transport.name !== "websocket") await waitForEvent(server, "upgrade");
      return { server, client };
    }

    it("opens a session on the expected transport", async () => {
      const { server, client: c } = await connect();
      expect(server.transport.name).to.equal(mode.expected);
      expect(t.engine.clientsCount).to.equal(1);
      expect(t.engine.clients.get(server.id)).to.equal(server);
      expect(c.id).to.equal(server.id);
    });

    it("carries text messages both ways, in order", async () => {
      const { server, client: c } = await connect();
      const received: unknown[] = [];
      server.on("message", (data) => {
        received.push(data);
        if (received.length === 3) server.send(`echo:${received.join(",")}`);
      });
      c.send("a");
      c.send("béé ✓");
      c.send("c");
      const [reply] = await waitForEvent<[string]>(c, "message");
      expect(received).to.deep.equal(["a", "béé ✓", "c"]);
      expect(reply).to.equal("echo:a,béé ✓,c");
    });

    it("carries binary messages both ways", async () => {
      const { server, client: c } = await connect();
      const fromClient = waitForEvent<[Buffer]>(server, "message");
      c.send(new Uint8Array([1, 2, 3, 250]));
      const [data] = await fromClient;
      expect(Buffer.isBuffer(data)).to.equal(true);
      expect([...data]).to.deep.equal([1, 2, 3, 250]);
      const fromServer = waitForEvent<[ArrayBuffer]>(c, "message");
      server.send(Buffer.from([9, 8, 7]));
      const [back] = await fromServer;
      expect([...new Uint8Array(back)]).to.deep.equal([9, 8, 7]);
    });

    it("keeps the session alive across heartbeats", async () => {
      const { server } = await connect();
      await waitForEvent(server, "heartbeat", 2000);
      await waitForEvent(server, "heartbeat", 2000);
      expect(server.readyState).to.equal("open");
    });

    it("reports a client close as 'transport close'", async () => {
      const { server, client: c } = await connect();
      const closed = waitForEvent<[string]>(server, "close");
      c.close();
      const [reason] = await closed;
      expect(reason).to.equal("transport close");
      expect(t.engine.clientsCount).to.equal(0);
    });

    it("closes from the server after flushing ('forced close')", async () => {
      const { server, client: c } = await connect();
      const message = waitForEvent<[string]>(c, "message");
      const clientClose = waitForEvent<[string]>(c, "close");
      const serverClose = waitForEvent<[string]>(server, "close");
      server.send("last words");
      server.close();
      expect((await message)[0]).to.equal("last words");
      expect((await serverClose)[0]).to.equal("forced close");
      await clientClose;
    });
  });
}

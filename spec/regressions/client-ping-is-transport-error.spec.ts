/**
 * Bug: a ping ("2") from the client closed the session with "parse error".
 * engine.io 6 closes it with "transport error" ("invalid heartbeat
 * direction"), and the difference matters: "transport error" is a
 * recoverable reason for connection state recovery, "parse error" is not.
 * Fixed: volley follows engine.io.
 */
import { expect } from "chai";
import type { EngineSocket } from "../../lib/engine/index.js";
import { openRawWs, pollingHandshake, rawRequest, startEngine, waitForEvent, type TestEngine } from "../support/engine-helpers.js";
import { connectRecoveringClient, startServer, TRANSPORT_MODES, until, waitFor, type TestServer } from "../support/server-helpers.js";

describe("regression: a client ping closes with 'transport error' (as engine.io)", () => {
  let t: TestEngine | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("over websocket", async () => {
    t = await startEngine();
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const raw = await openRawWs(t, "EIO=4&transport=websocket");
    const [socket] = await connection;
    const closed = waitForEvent<[string, Error]>(socket, "close");
    raw.ws.send("2");
    const [reason, description] = await closed;
    expect(reason).to.equal("transport error");
    expect(description.message).to.equal("invalid heartbeat direction");
    await raw.closed;
  });

  it("over polling", async () => {
    t = await startEngine({ transports: ["polling"] });
    const connection = waitForEvent<[EngineSocket]>(t.engine, "connection");
    const { sid } = await pollingHandshake(t);
    const [socket] = await connection;
    const closed = waitForEvent<[string, Error]>(socket, "close");
    await rawRequest(t.port, "POST", t.path(`EIO=4&transport=polling&sid=${sid}`), { body: "2" });
    const [reason, description] = await closed;
    expect(reason).to.equal("transport error");
    expect(description.message).to.equal("invalid heartbeat direction");
  });
});

for (const mode of TRANSPORT_MODES) {
  describe(`regression: a session closed by a client ping is recoverable (${mode.name})`, () => {
    let srv: TestServer;
    afterEach(() => srv.close());

    it("the socket reconnects with its id and the events it missed", async () => {
      srv = await startServer(mode, { connectionStateRecovery: {} });
      const { client, received, sockets } = await connectRecoveringClient(srv, mode);
      const gone = waitFor<[string]>(sockets[0]!, "disconnect");
      // socket.io-client never pings; its engine's packet writer can be made to.
      (client.io.engine as unknown as { _sendPacket(type: string): void })._sendPacket("ping");
      expect((await gone)[0]).to.equal("transport error");
      srv.io.emit("evt", 2);
      await until(() => sockets.length === 2);
      expect(sockets[1]!.recovered).to.equal(true);
      expect(sockets[1]!.id).to.equal(sockets[0]!.id);
      await until(() => received.length === 2);
      expect(received).to.deep.equal([1, 2]);
    });
  });
}

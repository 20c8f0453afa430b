/**
 * The Connection is called directly by its engine session (EngineSocket.consumer) instead of
 * listening to it: listeners that an app adds to the engine session still get every message
 * and the close, after the Connection.
 */
import { expect } from "chai";
import { TRANSPORT_MODES, startServer, waitFor, until, type TestServer } from "../support/server-helpers.js";
import type { Socket } from "../../lib/index.js";
import type { EngineSocket } from "../../lib/engine/socket.js";

for (const mode of TRANSPORT_MODES) {
  describe(`server: the engine session calls its connection, app listeners still run (${mode.name})`, () => {
    let srv: TestServer;
    beforeEach(async () => {
      srv = await startServer(mode);
    });
    afterEach(() => srv.close());

    it("app listeners on the engine session see each message after the socket got it, and the close", async () => {
      const order: string[] = [];
      let closeReason: string | undefined;
      srv.io.engine!.on("connection", (session: EngineSocket) => {
        session.on("message", (data) => order.push(`engine ${String(data)}`));
        session.on("close", (reason) => (closeReason = reason));
      });
      const connection = waitFor<[Socket]>(srv.io, "connection");
      const client = srv.client();
      const [[socket]] = await Promise.all([connection, waitFor(client, "connect")]);
      socket.on("hi", (n: number) => order.push(`socket ${n}`));
      const disconnected = waitFor<[string]>(socket, "disconnect");
      client.emit("hi", 1);
      client.emit("hi", 2);
      await until(() => order.includes('engine 2["hi",2]'));
      // the CONNECT (engine message "0"), then each event: the socket's listener first
      expect(order).to.deep.equal(["engine 0", "socket 1", 'engine 2["hi",1]', "socket 2", 'engine 2["hi",2]']);
      client.disconnect();
      expect((await disconnected)[0]).to.equal("client namespace disconnect");
      await until(() => closeReason !== undefined);
      expect(closeReason).to.be.a("string");
      expect(socket.client.conn.readyState).to.equal("closed");
    });
  });
}

import { expect } from "chai";
import { TRANSPORT_MODES, startServer, waitFor, until, type TestServer } from "../support/server-helpers.js";
import type { Socket } from "../../lib/index.js";

for (const mode of TRANSPORT_MODES) {
  describe(`server: connection state recovery (${mode.name})`, () => {
    let srv: TestServer;
    afterEach(() => srv.close());

    it("replays missed events in order, keeps id, rooms and data", async () => {
      srv = await startServer(mode, { connectionStateRecovery: { maxDisconnectionDuration: 5000 } });
      const serverSockets: Socket[] = [];
      srv.io.on("connection", (socket) => {
        serverSockets.push(socket);
        if (!socket.recovered) {
          void socket.join("room1");
          socket.data = { user: "ada" };
        }
      });
      const client = srv.client("/", { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 100 });
      const received: unknown[] = [];
      client.on("evt", (n: number) => received.push(n));
      await waitFor(client, "connect");
      await until(() => serverSockets.length === 1);
      const first = serverSockets[0]!;
      first.emit("evt", 1);
      await until(() => received.length === 1);
      const gone = waitFor(first, "disconnect");
      first.conn.close();
      expect((await gone)[0]).to.equal("forced close");
      // Missed while disconnected: a room broadcast, a global one, one for another room, and a volatile one.
      srv.io.to("room1").emit("evt", 2);
      srv.io.emit("evt", 3);
      srv.io.to("other-room").emit("evt", 99);
      srv.io.volatile.emit("evt", 98);
      await waitFor(client, "connect");
      await until(() => serverSockets.length === 2);
      const second = serverSockets[1]!;
      expect(client.recovered).to.equal(true);
      expect(second.recovered).to.equal(true);
      expect(second.id).to.equal(first.id);
      expect(second.rooms.has("room1")).to.equal(true);
      expect(second.data).to.deep.equal({ user: "ada" });
      await until(() => received.length >= 3);
      expect(received).to.deep.equal([1, 2, 3]);
      second.emit("evt", 4);
      await until(() => received.length === 4);
      expect(received).to.deep.equal([1, 2, 3, 4]);
    });

    it("does not recover after a deliberate disconnect", async () => {
      srv = await startServer(mode, { connectionStateRecovery: {} });
      const connection = waitFor<[Socket]>(srv.io, "connection");
      const client = srv.client("/");
      client.on("evt", () => {});
      const [socket] = await connection;
      socket.emit("evt", 1);
      await new Promise((r) => setTimeout(r, 50));
      const firstId = socket.id;
      socket.disconnect();
      await waitFor(client, "disconnect");
      const again = waitFor<[Socket]>(srv.io, "connection");
      client.connect();
      const [next] = await again;
      expect(next.recovered).to.equal(false);
      expect(next.id).to.not.equal(firstId);
    });
  });
}

/**
 * Bug: `manager.open()` called while a reconnection retry was scheduled
 * opened the connection and cancelled the retry's timer, but left
 * `_reconnecting` true, so after the next drop the client never reconnected.
 * Fixed: open() during a scheduled retry runs that retry now (the loop's
 * bookkeeping, "reconnect" event included, stays consistent).
 */
import { expect } from "chai";
import { io } from "../../client/index.js";
import { Server } from "../../lib/index.js";
import { ManagerPool, once, startServer, until, type AnyServer, type TestServer } from "../support/client-helpers.js";

describe("regression: manager.open() during a scheduled retry stopped later reconnections", () => {
  let server: TestServer;
  const pool = new ManagerPool();

  afterEach(async () => {
    pool.closeAll();
    await server?.close();
  });

  it("reconnects after a later drop", async () => {
    server = await startServer({ name: "volley", create: (http, opts) => new Server(http, opts) });
    const serverSockets: AnyServer[] = [];
    server.io.on("connection", (s: AnyServer) => serverSockets.push(s));
    // a long first delay keeps the retry surely scheduled while the app calls open()
    const socket = pool.add(
      io(server.url, { forceNew: true, transports: ["websocket"], reconnectionDelay: 10_000, reconnectionDelayMax: 10_000, randomizationFactor: 0 }),
    );
    await once(socket, "connect");
    serverSockets[0].conn.close();
    await once(socket, "disconnect");
    expect(socket.io._reconnecting).to.equal(true);
    const reconnected = once(socket.io, "reconnect");
    socket.io.open();
    await once(socket, "connect");
    await reconnected;
    expect(socket.io._reconnecting).to.equal(false);
    socket.io.reconnectionDelay(20).reconnectionDelayMax(50);
    await until(() => serverSockets.length === 2);
    serverSockets[1].conn.close();
    await once(socket, "disconnect");
    await once(socket, "connect", 3000);
    expect(socket.connected).to.equal(true);
  });
});

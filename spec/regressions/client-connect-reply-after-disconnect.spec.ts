/**
 * Bug: the Manager handed every packet to the namespace socket of that name,
 * even one the app had disconnected: a CONNECT reply that arrived after
 * `socket.disconnect()` marked the inactive socket connected and fired
 * "connect", and the server's socket lingered. Fixed: packets reach active
 * sockets only; a CONNECT reply for an inactive one is answered with DISCONNECT.
 */
import { expect } from "chai";
import { io } from "../../client/index.js";
import { Server } from "../../lib/index.js";
import { ManagerPool, once, sleep, startServer, until, type TestServer } from "../support/client-helpers.js";

describe("regression: a CONNECT reply revived a disconnected client socket", () => {
  let server: TestServer;
  const pool = new ManagerPool();

  afterEach(async () => {
    pool.closeAll();
    await server?.close();
  });

  it("stays disconnected, and the server's socket is closed", async () => {
    server = await startServer({ name: "volley", create: (http, opts) => new Server(http, opts) });
    const joined: string[] = [];
    const left: string[] = [];
    server.io.of("/a").on("connection", (s: { id: string; on(e: string, f: () => void): void }) => {
      joined.push(s.id);
      s.on("disconnect", () => left.push(s.id));
    });
    const main = pool.add(io(server.url, { forceNew: true, transports: ["websocket"] }));
    await once(main, "connect");
    const a = main.io.socket("/a");
    let connects = 0;
    a.on("connect", () => connects++);
    a.disconnect();
    await until(() => joined.length === 1);
    await sleep(50);
    expect(connects).to.equal(0);
    expect(a.connected).to.equal(false);
    expect(a.id).to.equal(undefined);
    await until(() => left.length === 1);
    expect(server.io.of("/a").sockets.size).to.equal(0);
    expect(main.connected).to.equal(true);
  });
});

/**
 * Bug (found by the soak spec): when the server closed the connection after the
 * engine opened but before it answered the namespace's CONNECT, a volley client
 * without reconnection emitted nothing at all: "disconnect" was reserved for
 * connected sockets and the engine had opened, so no "connect_error" either.
 * The app waited forever. socket.io-client emits "disconnect" in that case;
 * fixed to do the same.
 */
import { expect } from "chai";
import { io, type Socket } from "../../client/index.js";
import { startEngine, type TestEngine } from "../support/engine-helpers.js";

const MODES = [["polling"], ["websocket"]] as const;

describe("regression: the connection closed before the CONNECT reply", () => {
  let t: TestEngine | undefined;
  let client: Socket | undefined;

  afterEach(async () => {
    client?.disconnect();
    await t?.close();
    t = client = undefined;
  });

  for (const transports of MODES) {
    it(`emits "disconnect" on a socket that never connected (${transports[0]})`, async () => {
      // an engine with no Socket.IO layer: it opens the session, then closes it unanswered
      t = await startEngine({ pingInterval: 10000, pingTimeout: 10000 }, { path: "/socket.io" });
      t.engine.on("connection", (session) => session.close());
      const socket = (client = io(`http://127.0.0.1:${t.port}`, { transports: [...transports], reconnection: false, forceNew: true }));
      const reason = await new Promise<string>((resolve, reject) => {
        socket.on("disconnect", resolve);
        socket.on("connect", () => reject(new Error("connected")));
        setTimeout(() => reject(new Error("neither disconnect nor connect within 5 s")), 5000);
      });
      expect(reason).to.equal("transport close");
      expect(socket.connected).to.equal(false);
    });
  }
});

/**
 * Bug (older than the size pass, found in its second review): the Manager
 * emitted its events straight from the engine's callbacks, so an app
 * listener that threw unwound the Manager's own work: a throwing socket
 * "disconnect" listener (run from the Manager's "close") skipped the
 * scheduling of the reconnection, for good; a throwing "ping" or "open"
 * listener stopped the polling loop. Fixed: every Manager event, and each
 * socket's handling of them, isolates listener errors (rethrown on their
 * own stack, as uncaught errors the page or process still sees).
 */
import { expect } from "chai";
import { io, type Socket } from "../../client/index.js";
import { Server } from "../../lib/index.js";
import { once, startServer, type ServerFactory, type TestServer } from "../support/client-helpers.js";
import { useUncaughtCatcher } from "../support/tripwire.js";

const volleyFactory: ServerFactory = { name: "volley", create: (http, opts) => new Server(http, opts) };

describe("regression: a throwing listener of a Manager event stopped the Manager", () => {
  const uncaught = useUncaughtCatcher();
  let server: TestServer | undefined;
  let socket: Socket | undefined;

  afterEach(async () => {
    socket?.disconnect();
    await server?.close();
  });

  for (const transports of [["polling"], ["websocket"]] as const) {
    it(`reconnects after the server closed the connection although a "disconnect" listener throws (${transports[0]})`, async () => {
      server = await startServer(volleyFactory);
      const client = (socket = io(server.url, { forceNew: true, transports: [...transports], reconnectionDelay: 20, reconnectionDelayMax: 20 }));
      await once(client, "connect");
      client.once("disconnect", () => {
        throw new Error("app listener failed");
      });
      [...server.io.of("/").sockets.values()][0].conn.close();
      await once(client, "connect");
      expect(client.connected).to.equal(true);
      expect(uncaught.map((err) => (err as Error).message)).to.deep.equal(["app listener failed"]);
    });
  }

  it('keeps polling when a Manager "ping" listener throws', async () => {
    server = await startServer(volleyFactory, { pingInterval: 50, pingTimeout: 200 });
    const client = (socket = io(server.url, { forceNew: true, transports: ["polling"] }));
    await once(client, "connect");
    client.io.once("ping", () => {
      throw new Error("ping listener failed");
    });
    await once(client.io, "ping");
    // still polling: a server event sent after the failed ping arrives
    const got = once(client, "after");
    server.io.emit("after", 1);
    expect(await got).to.deep.equal([1]);
    expect(uncaught.map((err) => (err as Error).message)).to.deep.equal(["ping listener failed"]);
  });
});

/**
 * Bug (found in review of the client size pass): the Manager keeps one timer,
 * the open timeout while opening and the next retry while closed. When an
 * app reconnected from a failure or close listener (`socket.connect()` in
 * "connect_error" or "disconnect", a common pattern), the new attempt's open
 * timeout was overwritten by a retry scheduled right after, so it was never
 * cleared: when it fired, it tore down the connection that had meanwhile
 * succeeded, silently (no "disconnect", no reconnection; the socket still
 * said connected). Fixed: no retry is scheduled once a listener opened again.
 */
import { expect } from "chai";
import { io, type Socket } from "../../client/index.js";
import { Server } from "../../lib/index.js";
import { once, sleep, startServer, type ServerFactory, type TestServer } from "../support/client-helpers.js";

const volleyFactory: ServerFactory = { name: "volley", create: (http, opts) => new Server(http, opts) };
/** Short enough to pass within the test, long enough for a local connection. */
const OPEN_TIMEOUT_MS = 400;

describe("regression: reconnecting from a listener lost the open timeout's timer", () => {
  let server: TestServer | undefined;
  let socket: Socket | undefined;

  afterEach(async () => {
    socket?.disconnect();
    await server?.close();
  });

  /** After the open timeout has passed: the connection must still be up. */
  async function expectStillConnected(client: Socket): Promise<void> {
    let disconnects = 0;
    client.on("disconnect", () => disconnects++);
    await sleep(OPEN_TIMEOUT_MS * 2);
    expect(client.io.engine.readyState, "engine").to.equal("open");
    expect(client.connected, "socket").to.equal(true);
    expect(disconnects, "disconnects").to.equal(0);
    expect(server!.io.of("/").sockets.size, "server sockets").to.equal(1);
  }

  for (const transports of [["polling"], ["websocket"]] as const) {
    it(`socket.connect() in "connect_error" after a refused first attempt (${transports[0]})`, async () => {
      let requests = 0;
      // the first handshake is refused, later ones pass
      server = await startServer(volleyFactory, { allowRequest: (_req: unknown, cb: (err: null, ok: boolean) => void) => cb(null, requests++ > 0) });
      const client = (socket = io(server.url, { forceNew: true, transports: [...transports], timeout: OPEN_TIMEOUT_MS, reconnectionDelay: 5000 }));
      client.once("connect_error", () => client.connect());
      await once(client, "connect");
      await expectStillConnected(client);
    });
  }

  it('socket.connect() in "disconnect" after the server closed the connection', async () => {
    server = await startServer(volleyFactory);
    const client = (socket = io(server.url, { forceNew: true, timeout: OPEN_TIMEOUT_MS, reconnectionDelay: 5000 }));
    await once(client, "connect");
    client.once("disconnect", () => client.connect());
    [...server.io.of("/").sockets.values()][0].conn.close();
    await once(client, "connect");
    await expectStillConnected(client);
  });
});

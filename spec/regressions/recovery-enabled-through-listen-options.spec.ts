/**
 * Bug: options given to io.listen(port, opts) / io.attach(srv, opts) were
 * copied over the resolved options without being resolved themselves. With
 * `connectionStateRecovery: {}` there, sockets got a pid but the namespaces
 * kept the plain Adapter chosen in the constructor, which stores nothing: no
 * session was ever recovered; `skipMiddlewares` and the duration stayed
 * undefined. Fixed: attach() resolves the merged options again and gives the
 * namespaces the recovery adapter when recovery was turned on there.
 */
import { expect } from "chai";
import { once } from "node:events";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as ioc, type Socket as ClientSocket } from "socket.io-client";
import { Server, type Socket } from "../../lib/index.js";
import { until, waitFor } from "../support/server-helpers.js";

describe("regression: connection state recovery enabled through listen()/attach() options", () => {
  let io: Server | undefined;
  let client: ClientSocket | undefined;
  let http: HttpServer | undefined;

  afterEach(async () => {
    client?.disconnect();
    await io?.close();
    if (http?.listening) await new Promise<void>((resolve) => http!.close(() => resolve()));
    io = client = http = undefined;
  });

  async function expectRecovery(server: Server): Promise<void> {
    const httpServer = server.httpServer!;
    if (!httpServer.listening) await once(httpServer, "listening");
    const serverSockets: Socket[] = [];
    server.on("connection", (socket) => serverSockets.push(socket));
    client = ioc(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, {
      forceNew: true,
      transports: ["websocket"],
      reconnectionDelay: 50,
      reconnectionDelayMax: 50,
    });
    const received: number[] = [];
    client.on("evt", (n: number) => received.push(n));
    await waitFor(client, "connect");
    server.emit("evt", 1);
    await until(() => received.length === 1);
    const first = serverSockets[0]!;
    const gone = waitFor(first, "disconnect");
    first.conn.close();
    await gone;
    server.emit("evt", 2);
    await waitFor(client, "connect");
    expect(client.recovered).to.equal(true);
    expect(serverSockets[1]!.recovered).to.equal(true);
    expect(serverSockets[1]!.id).to.equal(first.id);
    await until(() => received.length === 2);
    expect(received).to.deep.equal([1, 2]);
  }

  it("io.listen(0, { connectionStateRecovery: {} }) recovers a session with its missed events", async () => {
    io = new Server({ pingInterval: 300, pingTimeout: 300 });
    io.listen(0, { connectionStateRecovery: {} });
    expect(io.opts.connectionStateRecovery).to.deep.equal({ maxDisconnectionDuration: 120_000, skipMiddlewares: true });
    await expectRecovery(io);
  });

  it("io.attach(httpServer, { connectionStateRecovery }) resolves the defaults it leaves out", async () => {
    io = new Server({ pingInterval: 300, pingTimeout: 300 });
    http = createServer();
    io.attach(http, { connectionStateRecovery: { maxDisconnectionDuration: 5000 } });
    expect(io.opts.connectionStateRecovery).to.deep.equal({ maxDisconnectionDuration: 5000, skipMiddlewares: true });
    http.listen(0, "127.0.0.1");
    await expectRecovery(io);
  });
});

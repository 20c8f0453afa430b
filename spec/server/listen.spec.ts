import { expect } from "chai";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { io as ioc, type Socket as ClientSocket } from "socket.io-client";
import { Server } from "../../lib/index.js";

/** new Server(port) and io.listen(port): volley creates, serves and closes its own HTTP server. */
describe("server: listening on a port of its own", () => {
  let io: Server | undefined;
  let client: ClientSocket | undefined;

  afterEach(async () => {
    client?.disconnect();
    await io?.close();
    io = client = undefined;
  });

  async function roundTrip(server: Server): Promise<void> {
    const http = server.httpServer!;
    if (!http.listening) await once(http, "listening");
    server.on("connection", (socket) => socket.on("echo", (value: string, ack: (v: string) => void) => ack(value)));
    client = ioc(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { forceNew: true, reconnection: false });
    expect(await client.timeout(5000).emitWithAck("echo", "hé")).to.equal("hé");
    const notFound = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/elsewhere`);
    expect(notFound.status).to.equal(404);
  }

  it("new Server(0) listens, answers, and io.close() closes the server it created", async () => {
    io = new Server(0, { pingInterval: 300, pingTimeout: 300 });
    await roundTrip(io);
    const http = io.httpServer!;
    client!.disconnect();
    await io.close();
    io = undefined;
    expect(http.listening).to.equal(false);
  });

  it("io.listen(0) does the same for a server built without one", async () => {
    io = new Server({ pingInterval: 300, pingTimeout: 300 });
    expect(io.httpServer).to.equal(undefined);
    io.listen(0);
    await roundTrip(io);
  });
});

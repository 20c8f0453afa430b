// Regression: after a disconnect, `socket.io.engine` was undefined, so the common
// socket.io-client pattern `socket.on("disconnect", () => socket.io.engine.transport.name)` threw.
import { expect } from "chai";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "../../lib/index.js";
import { io, type Socket } from "../../client/index.js";

describe("regression: socket.io.engine is kept after a disconnect", () => {
  let http: HttpServer;
  let server: Server;
  let client: Socket | undefined;

  beforeEach(async () => {
    http = createServer();
    server = new Server(http);
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  });
  afterEach(async () => {
    client?.disconnect();
    await server.close();
  });

  for (const transport of ["polling", "websocket"] as const) {
    it(`a disconnect listener can read the transport name (${transport})`, async () => {
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      client = io(url, { forceNew: true, transports: [transport], reconnection: false });
      await new Promise<void>((resolve) => client!.once("connect", () => resolve()));
      const seen = new Promise<string>((resolve) => client!.once("disconnect", () => resolve(client!.io.engine.transport.name)));
      for (const socket of server.sockets.sockets.values()) socket.conn.close();
      expect(await seen).to.equal(transport);
    });
  }
});

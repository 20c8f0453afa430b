/**
 * Regression: closing the engine session (server side, `socket.conn.close()`)
 * while the polling → WebSocket upgrade was in progress ended the session
 * with "ping timeout" instead of "forced close", and left the client waiting
 * on a paused polling transport until its own heartbeat gave up.
 *
 * Cause: the probe was aborted after the client had already answered it and
 * paused polling, so neither transport could carry the close; the heartbeat
 * was the only thing left to end the session.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { io as ioc, type Socket as ClientSocket } from "socket.io-client";
import { Server } from "../../lib/index.js";
import type { Socket } from "../../lib/socket.js";
import type { EngineSocket } from "../../lib/engine/index.js";
import { waitFor } from "../support/server-helpers.js";

// A heartbeat far longer than the waits below: a close that only the heartbeat ends would time out the test.
const SLOW_HEARTBEAT = { pingInterval: 4000, pingTimeout: 4000 };

describe("regression: close during upgrade", () => {
  let httpServer: HttpServer;
  let io: Server;
  let client: ClientSocket | undefined;
  let url: string;

  beforeEach(async () => {
    httpServer = createServer();
    io = new Server(httpServer, SLOW_HEARTBEAT);
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    client?.close();
    client = undefined;
    await io.close();
  });

  function connectUpgrading(): { serverSocket: Promise<Socket> } {
    client = ioc(url, { transports: ["polling", "websocket"], forceNew: true, reconnection: false });
    return { serverSocket: waitFor<[Socket]>(io, "connection").then(([socket]) => socket) };
  }

  it("socket.conn.close() once the probe is answered: 'forced close' on the server, the client disconnects promptly", async () => {
    const { serverSocket } = connectUpgrading();
    const socket = await serverSocket;
    const conn = socket.conn as unknown as EngineSocket;
    await waitFor(conn, "upgrading", 2000);
    const engineClosed = waitFor<[string]>(conn, "close", 2000);
    const serverDisconnect = waitFor<[string]>(socket, "disconnect", 2000);
    const clientDisconnect = waitFor<[string]>(client!, "disconnect", 2000);
    conn.close();
    expect((await engineClosed)[0]).to.equal("forced close");
    expect((await serverDisconnect)[0]).to.equal("forced close");
    expect((await clientDisconnect)[0]).to.be.oneOf(["transport close", "io server disconnect"]);
  });

  it("socket.conn.close() before the probe arrives: 'forced close', the probe WebSocket is closed and the client disconnects", async () => {
    const { serverSocket } = connectUpgrading();
    const socket = await serverSocket;
    const conn = socket.conn as unknown as EngineSocket;
    const engineClosed = waitFor<[string]>(conn, "close", 2000);
    const clientDisconnect = waitFor<[string]>(client!, "disconnect", 2000);
    conn.close();
    expect((await engineClosed)[0]).to.equal("forced close");
    expect((await clientDisconnect)[0]).to.be.oneOf(["transport close", "io server disconnect"]);
    expect(conn.upgraded).to.equal(false);
  });

  it("socket.disconnect(true) during the upgrade: the client hears 'io server disconnect'", async () => {
    const { serverSocket } = connectUpgrading();
    const socket = await serverSocket;
    await waitFor(socket.conn as unknown as EngineSocket, "upgrading", 2000);
    const clientDisconnect = waitFor<[string]>(client!, "disconnect", 2000);
    socket.disconnect(true);
    expect((await clientDisconnect)[0]).to.equal("io server disconnect");
  });
});

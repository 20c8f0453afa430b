/**
 * Server app bugs triggered by a client's event: a listener that throws, an
 * async listener that rejects. The connection stays, the process lives (the
 * arena's tripwire fails the test on uncaughtException / unhandledRejection),
 * the error is emitted as "error" on the socket.
 */
import { expect } from "chai";
import { startArena, rawWebSocket, waitUntil, type Arena } from "./support.js";

describe("hardening: app listeners that fail", function () {
  this.timeout(10000);
  let arena: Arena;

  beforeEach(async () => {
    arena = await startArena();
    arena.srv.io.on("connection", (socket) => {
      socket.on("boom", () => {
        throw new Error("sync app bug");
      });
      socket.on("reject", async () => {
        throw new Error("async app bug");
      });
      socket.onAny((event: string) => {
        if (event === "any-boom") throw new Error("catch-all app bug");
      });
    });
  });

  afterEach(async () => {
    await arena.close();
  });

  for (const [event, message] of [
    ["boom", "sync app bug"],
    ["reject", "async app bug"],
    ["any-boom", "catch-all app bug"],
  ] as const) {
    it(`a "${event}" listener failure: "error" on the socket, the connection stays`, async () => {
      const a = await rawWebSocket(arena.port, { connect: true });
      a.ws.send(`42["${event}"]`);
      await waitUntil(() => arena.socketErrors.some((e) => e.id === a.socketId));
      expect(arena.socketErrors.find((e) => e.id === a.socketId)!.err.message).to.equal(message);
      a.ws.send('427["echo","after"]');
      await waitUntil(() => a.frames.includes('437["after"]'));
      expect(arena.socketDisconnects.has(a.socketId!)).to.equal(false);
      expect(arena.engineCloses.has(a.sid)).to.equal(false);
      a.ws.close();
      await arena.assertGoodClientsUnharmed();
    });
  }
});

/**
 * After 500 attacker connections opened and closed (clean leaves, aborts,
 * parse errors, mid-CONNECT drops), every registry is back to its baseline
 * size: engine sessions, namespace sockets, adapter rooms and sids, and the
 * recovery store. Sizes, not RSS.
 */
import { expect } from "chai";
import WebSocket from "ws";
import { startArena, waitUntil, type Arena } from "./support.js";

interface Sizes {
  clients: number;
  sockets: number;
  rooms: number;
  sids: number;
  nsps: number;
}

describe("hardening: memory after 500 attacker connections", function () {
  this.timeout(20000);
  let arena: Arena;

  beforeEach(async () => {
    // Recovery on, with sessions kept for 1 s: the store must drain too.
    arena = await startArena({ connectionStateRecovery: { maxDisconnectionDuration: 1000 } });
  });

  afterEach(async () => {
    await arena.close();
  });

  function sizes(): Sizes {
    const io = arena.srv.io;
    const adapter = io.of("/").adapter;
    return {
      clients: io.engine.clients.size,
      sockets: io.of("/").sockets.size,
      rooms: adapter.rooms.size,
      sids: adapter.sids.size,
      nsps: io._nsps.size,
    };
  }

  function attacker(i: number): Promise<void> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${arena.port}/socket.io/?EIO=4&transport=websocket`);
      ws.on("error", () => {});
      ws.on("close", () => resolve());
      ws.on("message", (data) => {
        const text = String(data);
        if (text.startsWith("0")) {
          ws.send("40");
          if (i % 5 === 4) ws.terminate(); // gone mid-CONNECT
          return;
        }
        if (!text.startsWith("40")) return;
        ws.send('42["echo",1]');
        ws.send("42bad"); // even ones: a parse error; odd ones: left as is
        if (i % 5 === 0) ws.send("41"); // namespace DISCONNECT first
        if (i % 2 === 0) return;
        if (i % 3 === 0) ws.terminate();
        else ws.close();
      });
    });
  }

  it("engine clients, namespace sockets, rooms, sids and the recovery store return to baseline", async () => {
    const baseline = sizes();
    const store = (arena.srv.io.of("/").adapter as unknown as { store: { size: { sessions: number }; sweep(): void } }).store;
    expect(store.size.sessions).to.equal(0);
    for (let batch = 0; batch < 5; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => attacker(batch * 100 + i)));
    }
    await waitUntil(() => JSON.stringify(sizes()) === JSON.stringify(baseline), 5000);
    expect(sizes()).to.deep.equal(baseline);
    // Some attackers left in a recoverable way: their sessions are kept, then expire.
    expect(store.size.sessions).to.be.greaterThan(0);
    await waitUntil(() => store.size.sessions === 0, 5000);
    await arena.assertGoodClientsUnharmed();
  });
});

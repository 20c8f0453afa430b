/**
 * Bug: with recovery on (the client holds a pid), the client took ANY
 * trailing string of an incoming event for the server's offset: a volatile
 * `emit("v", "hello")` (servers add no offset to volatile or acked events)
 * reached the listener as `[]`, and "hello" became the offset sent back on
 * reconnection, so the next recovery failed. Fixed: only a string with the
 * exact shape of a volley offset (lib/protocol/offset.ts) or of socket.io 4's
 * (a yeast timestamp near the client's clock) is stripped (client/offset.ts).
 */
import { expect } from "chai";
import { Manager, io, type Socket } from "../../client/index.js";
import { Server } from "../../lib/index.js";
import { PacketType, type Packet } from "../../lib/protocol/packet.js";
import { isRecoveryOffset } from "../../client/offset.js";
import { ManagerPool, offlineManager, once, socketIoFactory, startServer, until, type AnyServer, type ServerFactory, type TestServer } from "../support/client-helpers.js";

const YEAST_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
function yeastOf(ms: number): string {
  let out = "";
  do {
    out = YEAST_ALPHABET[ms % 64] + out;
    ms = Math.floor(ms / 64);
  } while (ms > 0);
  return out;
}

describe("regression: the client stripped any trailing string as a recovery offset", () => {
  describe("with a pid, fed packets directly", () => {
    let manager: Manager;
    let socket: Socket;
    let sent: Packet[];

    beforeEach(() => {
      ({ manager, socket, sent } = offlineManager({ sid: "sid1", pid: "pid1" }));
    });

    afterEach(() => manager.disconnect());

    it("keeps an app's trailing string and does not send it back as the offset", () => {
      const received: unknown[][] = [];
      socket.on("t", (...args: unknown[]) => received.push(args));
      socket._onPacket({ type: PacketType.EVENT, nsp: "/", data: ["t", 1, "Zk3_aQ-1.2s"] });
      socket._onPacket({ type: PacketType.EVENT, nsp: "/", data: ["t", "hello"] });
      socket._onPacket({ type: PacketType.EVENT, nsp: "/", data: ["t", 2, "abcdefg"] });
      expect(received).to.deep.equal([[1], ["hello"], [2, "abcdefg"]]);
      socket._onOpen();
      const connect = sent.find((p) => p.type === PacketType.CONNECT)!;
      expect(connect.data).to.deep.equal({ pid: "pid1", offset: "Zk3_aQ-1.2s" });
    });

    it("still strips socket.io 4's offset (a yeast id of now)", () => {
      const received: unknown[][] = [];
      socket.on("t", (...args: unknown[]) => received.push(args));
      const offset = yeastOf(Date.now());
      socket._onPacket({ type: PacketType.EVENT, nsp: "/", data: ["t", "x", offset] });
      socket._onPacket({ type: PacketType.EVENT, nsp: "/", data: ["t", "y", offset + ".1"] });
      expect(received).to.deep.equal([["x"], ["y"]]);
      socket._onOpen();
      expect(sent.find((p) => p.type === PacketType.CONNECT)!.data).to.deep.equal({ pid: "pid1", offset: offset + ".1" });
    });

    it("tells offsets from look-alikes", () => {
      const now = Date.now();
      expect(isRecoveryOffset("Zk3_aQ-1.0", now)).to.equal(true);
      expect(isRecoveryOffset(yeastOf(now - 60_000), now)).to.equal(true);
      for (const s of ["hello", "Zk3_aQ-1", "Zk3_aQ-1.", "Zk3_aQ-1.A", "Zk3 aQ-1.2", yeastOf(now - 30 * 86_400_000), "Pending", 7]) {
        expect(isRecoveryOffset(s, now), String(s)).to.equal(false);
      }
    });
  });

  const volley: ServerFactory = { name: "volley", create: (http, opts) => new Server(http, opts) };
  for (const factory of [volley, socketIoFactory]) {
    describe(`against ${factory.name}`, () => {
      let server: TestServer;
      const pool = new ManagerPool();

      afterEach(async () => {
        pool.closeAll();
        await server?.close();
      });

      it("a volatile string reaches the listener and the next recovery still works", async () => {
        server = await startServer(factory, { connectionStateRecovery: { maxDisconnectionDuration: 10000 } });
        const sio = server.io;
        const serverSockets: AnyServer[] = [];
        sio.on("connection", (s: AnyServer) => serverSockets.push(s));
        const socket = pool.add(io(server.url, { forceNew: true, transports: ["websocket"], reconnectionDelay: 50, reconnectionDelayMax: 100 }));
        const events: unknown[][] = [];
        socket.on("tick", (...args: unknown[]) => events.push(args));
        socket.on("v", (...args: unknown[]) => events.push(["v", ...args]));
        await once(socket, "connect");
        sio.emit("tick", 1);
        await until(() => events.length === 1);
        serverSockets[0].volatile.emit("v", "hello");
        await until(() => events.length === 2);
        socket.io.reconnection(false);
        const serverGone = once(serverSockets[0], "disconnect");
        serverSockets[0].conn.close();
        await serverGone;
        await until(() => !socket.connected);
        sio.emit("tick", 2);
        socket.io.reconnection(true);
        socket.connect();
        await once(socket, "connect");
        await until(() => events.length === 3);
        expect(events).to.deep.equal([[1], ["v", "hello"], [2]]);
        expect(socket.recovered).to.equal(true);
      });
    });
  }
});

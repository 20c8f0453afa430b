/**
 * Bug: with connectionStateRecovery { skipMiddlewares: false } and an async
 * middleware, the missed events were computed (and the session consumed)
 * before the middlewares ran, but the socket joined the namespace only after
 * them: an event broadcast meanwhile was stored yet neither delivered live
 * (the socket was not in nsp.sockets yet) nor replayed. And the replay was
 * sent before the middlewares ran, so a client they refused still received
 * the missed events, then CONNECT_ERROR. Fixed: the restore keeps a cursor;
 * the missed events are collected and sent in the connect step itself, right
 * when the socket joins the namespace, and never when it is refused.
 */
import { expect } from "chai";
import type { Socket } from "../../lib/index.js";
import { connectRecoveringClient, sleep, startServer, TRANSPORT_MODES, until, waitFor, type TestServer } from "../support/server-helpers.js";

for (const mode of TRANSPORT_MODES) {
  describe(`regression: recovery with an async middleware (${mode.name})`, () => {
    let srv: TestServer;
    afterEach(() => srv.close());

    /** Connects, receives event 1, then loses the engine session (a recoverable close). */
    async function connectThenDrop(): Promise<{ client: ReturnType<TestServer["client"]>; received: number[]; sockets: Socket[] }> {
      const { client, received, sockets } = await connectRecoveringClient(srv, mode);
      const gone = waitFor(sockets[0]!, "disconnect");
      sockets[0]!.conn.close();
      await gone;
      return { client, received, sockets };
    }

    it("an event broadcast while the middleware runs is delivered exactly once, in order", async () => {
      srv = await startServer(mode, { connectionStateRecovery: { skipMiddlewares: false } });
      let inMiddleware = 0;
      srv.io.use(async (_socket: Socket, next: (err?: Error) => void) => {
        inMiddleware++;
        await sleep(100);
        inMiddleware--;
        next();
      });
      const { client, received, sockets } = await connectThenDrop();
      srv.io.emit("evt", 2);
      // Broadcast while the recovered socket waits in the middleware.
      await until(() => inMiddleware === 1);
      srv.io.emit("evt", 3);
      await waitFor(client, "connect");
      expect(client.recovered).to.equal(true);
      srv.io.emit("evt", 4);
      await until(() => received.length >= 4);
      await sleep(50);
      expect(received).to.deep.equal([1, 2, 3, 4]);
      expect(sockets[1]!.recovered).to.equal(true);
    });

    it("a recovery the middleware refuses gets CONNECT_ERROR and no replayed events", async () => {
      srv = await startServer(mode, { connectionStateRecovery: { skipMiddlewares: false } });
      let refuse = false;
      srv.io.use((_socket: Socket, next: (err?: Error) => void) => {
        if (refuse) setTimeout(() => next(new Error("go away")), 20);
        else next();
      });
      const { client, received } = await connectThenDrop();
      srv.io.emit("evt", 2);
      refuse = true;
      // The client buffers events that arrive before CONNECT: watch the packets themselves.
      const eventPackets: unknown[] = [];
      client.io.on("packet", (packet: { type: number; data?: unknown }) => {
        if (packet.type === 2) eventPackets.push(packet.data);
      });
      const [err] = await waitFor<[Error]>(client, "connect_error");
      expect(err.message).to.equal("go away");
      await sleep(50);
      expect(eventPackets).to.deep.equal([]);
      expect(received).to.deep.equal([1]);
      client.io.reconnection(false);
    });
  });
}

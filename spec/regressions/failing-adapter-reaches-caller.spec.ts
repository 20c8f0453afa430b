/**
 * Regression: a broadcast with acks whose adapter threw left its timeout timer
 * armed, and the timer then threw a ReferenceError (`recipients` read before
 * its declaration in lib/broadcast.ts) out of the process. Now every thrown or
 * rejected adapter call reaches its caller: the ack's error, a rejected
 * promise, or "error" on the namespace; never an uncaught exception or an
 * unhandled rejection.
 */
import { expect } from "chai";
import { Server, Adapter, type BroadcastOptions } from "../../lib/index.js";
import type { Packet } from "../../lib/protocol/packet.js";
import { sleep } from "../support/wait.js";
import { useRejectionTripwire, useUncaughtCatcher } from "../support/tripwire.js";

class ThrowingAdapter extends Adapter {
  override broadcastWithAck(): never {
    throw new Error("adapter down");
  }
}

/** Like a cluster adapter whose publish fails: every cluster call returns a rejected promise. */
class RejectingAdapter extends Adapter {
  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    return Promise.reject(new Error("publish failed")).finally(() => super.broadcast(packet, opts)) as unknown as void;
  }
  override serverCount(): Promise<number> {
    return Promise.reject(new Error("NUMSUB failed"));
  }
  override addSockets(): void {
    return Promise.reject(new Error("addSockets failed")) as unknown as void;
  }
  override delSockets(): void {
    return Promise.reject("delSockets failed") as unknown as void;
  }
  override disconnectSockets(): void {
    return Promise.reject(new Error("disconnectSockets failed")) as unknown as void;
  }
  override serverSideEmit(): void {
    return Promise.reject(new Error("serverSideEmit failed")) as unknown as void;
  }
}

describe("regression: a failing adapter reaches the caller, never the process", () => {
  const rejections = useRejectionTripwire();
  const uncaught = useUncaughtCatcher();
  let io: Server;
  afterEach(() => io.close());

  it("a broadcast with ack whose adapter throws: the ack gets the error once, the timer is cleared", async () => {
    io = new Server({ adapter: ThrowingAdapter });
    const calls: unknown[][] = [];
    io.timeout(20).emit("ask", (...args: unknown[]) => calls.push(args));
    await sleep(80);
    expect(calls).to.have.length(1);
    expect((calls[0]?.[0] as Error).message).to.equal("adapter down");
    expect(calls[0]?.[1]).to.deep.equal([]);
    const err = await io
      .timeout(20)
      .emitWithAck("ask" as never)
      .catch((e: Error) => e);
    expect((err as Error).message).to.equal("adapter down");
    await sleep(50);
    expect(uncaught).to.deep.equal([]);
    expect(rejections).to.deep.equal([]);
  });

  it("a rejected serverCount ends a broadcast with ack with that error", async () => {
    io = new Server({ adapter: RejectingAdapter });
    const err = await io
      .timeout(1000)
      .emitWithAck("ask" as never)
      .catch((e: Error) => e);
    expect((err as Error).message).to.equal("NUMSUB failed");
    await sleep(20);
    expect(uncaught).to.deep.equal([]);
    expect(rejections).to.deep.equal([]);
  });

  it("fire-and-forget calls that reject are emitted as 'error' on the namespace (and dropped silently without a listener)", async () => {
    io = new Server({ adapter: RejectingAdapter });
    // Without a listener: logged only.
    io.emit("news", 1);
    await sleep(10);
    const errors: string[] = [];
    io.sockets.on("error", (err: Error) => errors.push(err.message));
    io.emit("news", 2);
    io.socketsJoin("a");
    io.socketsLeave("a");
    io.disconnectSockets();
    io.serverSideEmit("hello");
    await sleep(20);
    expect(errors.sort()).to.deep.equal(["addSockets failed", "delSockets failed", "disconnectSockets failed", "publish failed", "serverSideEmit failed"]);
    expect(uncaught).to.deep.equal([]);
    expect(rejections).to.deep.equal([]);
  });

  it("serverSideEmitWithAck rejects with the adapter's error", async () => {
    io = new Server({ adapter: RejectingAdapter });
    const err = await io.serverSideEmitWithAck("hello").catch((e: Error) => e);
    expect((err as Error).message).to.equal("NUMSUB failed");
    class CountingTwo extends RejectingAdapter {
      override serverCount(): Promise<number> {
        return Promise.resolve(2);
      }
    }
    io.adapter(CountingTwo);
    const err2 = await io.serverSideEmitWithAck("hello").catch((e: Error) => e);
    expect((err2 as Error).message).to.equal("serverSideEmit failed");
    expect(rejections).to.deep.equal([]);
  });

  it("an 'error' listener that throws is only logged", async () => {
    io = new Server({ adapter: RejectingAdapter });
    io.sockets.on("error", () => {
      throw new Error("listener bug");
    });
    io.emit("news", 1);
    await sleep(50);
    expect(uncaught).to.deep.equal([]);
    expect(rejections).to.deep.equal([]);
  });
});

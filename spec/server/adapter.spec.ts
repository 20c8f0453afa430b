import { expect } from "chai";
import { Server, Adapter, type BroadcastOptions } from "../../lib/index.js";
import type { Packet } from "../../lib/protocol/packet.js";

describe("server: in-memory Adapter", () => {
  let io: Server;
  beforeEach(() => {
    io = new Server();
  });

  it("tracks rooms and emits create/join/leave/delete events", () => {
    const adapter = io.sockets.adapter;
    const events: string[] = [];
    adapter.on("create-room", (r) => events.push("create:" + r));
    adapter.on("join-room", (r, id) => events.push(`join:${r}:${id}`));
    adapter.on("leave-room", (r, id) => events.push(`leave:${r}:${id}`));
    adapter.on("delete-room", (r) => events.push("delete:" + r));
    adapter.addAll("s1", ["a", "b"]);
    adapter.addAll("s2", ["a"]);
    adapter.addAll("s2", ["a"]);
    adapter.del("s1", "a");
    adapter.delAll("s1");
    expect(events).to.deep.equal(["create:a", "join:a:s1", "create:b", "join:b:s1", "join:a:s2", "leave:a:s1", "leave:b:s1", "delete:b"]);
    expect([...adapter.rooms.keys()]).to.deep.equal(["a"]);
    expect(adapter.socketRooms("s2")).to.deep.equal(new Set(["a"]));
    expect(adapter.sids.has("s1")).to.equal(false);
  });

  it("lets a subclass see every broadcast with plain, serializable options", () => {
    const seen: unknown[] = [];
    class SpyAdapter extends Adapter {
      override broadcast(packet: Packet, opts: BroadcastOptions): void {
        seen.push(JSON.parse(JSON.stringify({ data: packet.data, rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags })));
        super.broadcast(packet, opts);
      }
    }
    io.adapter(SpyAdapter);
    expect(io.sockets.adapter).to.be.instanceOf(SpyAdapter);
    io.to("r1").except("r2").volatile.compress(false).emit("ev", 1);
    expect(seen).to.deep.equal([{ data: ["ev", 1], rooms: ["r1"], except: ["r2"], flags: { volatile: true, compress: false } }]);
  });

  it("serverSideEmit: no-op in memory, ack gets no responses, reserved names throw", async () => {
    expect(io.serverSideEmit("hello", 1)).to.equal(true);
    expect(await io.serverSideEmitWithAck("hello")).to.deep.equal([]);
    expect(() => io.serverSideEmit("connection" as never)).to.throw(/reserved event name/);
  });

  it("resolves options with socket.io's defaults", () => {
    expect(io.path()).to.equal("/socket.io");
    expect(io.opts.connectTimeout).to.equal(45000);
    expect(io.opts.serveClient).to.equal(true);
    expect(io.opts.cleanupEmptyChildNamespaces).to.equal(false);
    expect(io.opts.connectionStateRecovery).to.equal(undefined);
    const withRecovery = new Server({ connectionStateRecovery: {} });
    expect(withRecovery.opts.connectionStateRecovery).to.deep.equal({ maxDisconnectionDuration: 120000, skipMiddlewares: true });
    expect(withRecovery.sockets.adapter.constructor.name).to.equal("SessionAwareAdapter");
    void withRecovery.close();
  });

  it("refuses stateful regular expressions for dynamic namespaces", () => {
    expect(() => io.of(/x/g)).to.throw("stateful regular expressions are not supported");
  });

  afterEach(() => io.close());
});

/**
 * Bug: with a dynamic parent namespace that accepts any name, one connection
 * sending
 * `40/a1,` `40/a2,` … created a namespace (and a socket) per CONNECT, without
 * bound. Fixed: maxNamespacesPerConnection (default 100): a CONNECT beyond it
 * gets CONNECT_ERROR "Too many namespaces on this connection" before any
 * namespace lookup or creation; the connection itself stays.
 */
import { expect } from "chai";
import { resolveServerOptions } from "../../lib/options.js";
import { startServer, type TestServer } from "../support/server-helpers.js";
import { rawWebSocket, waitUntil } from "../hardening/support.js";

describe("regression: a CONNECT flood on a dynamic namespace is capped per connection", () => {
  let srv: TestServer | undefined;

  afterEach(async () => {
    await srv?.close();
    srv = undefined;
  });

  it("defaults to 100", () => {
    expect(resolveServerOptions({}).maxNamespacesPerConnection).to.equal(100);
  });

  it("refuses CONNECTs beyond maxNamespacesPerConnection without creating namespaces", async () => {
    srv = await startServer({ name: "websocket", transports: ["websocket"] }, { maxNamespacesPerConnection: 3 });
    srv.io.of(/^\/dyn-\d+$/);
    const before = srv.io._nsps.size;
    const a = await rawWebSocket(srv.port);
    for (let i = 0; i < 10; i++) a.ws.send(`40/dyn-${i},`);
    await waitUntil(() => a.frames.length === 10);
    expect(a.frames.filter((f) => /^40\/dyn-\d+,\{"sid"/.test(f))).to.have.length(3);
    // Refusals are synchronous, accepted CONNECTs answer after the middlewares: find, not index.
    expect(a.frames.find((f) => f.startsWith("44/dyn-9,"))).to.equal('44/dyn-9,{"message":"Too many namespaces on this connection"}');
    expect(srv.io._nsps.size).to.equal(before + 3);
    // Leaving one frees a slot.
    a.ws.send("41/dyn-0,");
    a.ws.send("40/dyn-7,");
    await waitUntil(() => a.frames.some((f) => f.startsWith('40/dyn-7,{"sid"')));
    a.ws.close();
  });
});

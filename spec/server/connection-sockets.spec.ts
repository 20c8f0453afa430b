/**
 * A Connection's sockets, one per namespace: the first one is kept apart from the others
 * (lib/connection.ts, to save a Map per connection). Joining, leaving and rejoining several
 * namespaces over one connection keeps them reachable and in the order they connected.
 */
import { expect } from "chai";
import { TRANSPORT_MODES, startServer, waitFor, type TestServer } from "../support/server-helpers.js";
import type { Socket } from "../../lib/index.js";
import type { Connection } from "../../lib/connection.js";

describe("server: a connection's sockets in several namespaces", () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startServer(TRANSPORT_MODES[0]!);
  });
  afterEach(() => srv.close());

  it("routes to each namespace, survives the first one leaving and rejoining, keeps the order of connection", async () => {
    const a = srv.client("/a");
    const [[serverA]] = await Promise.all([waitFor<[Socket]>(srv.io.of("/a"), "connection"), waitFor(a, "connect")]);
    const connection = serverA.client as Connection;
    const root = a.io.socket("/");
    const b = a.io.socket("/b");
    const [[serverRoot], [serverB]] = await Promise.all([
      waitFor<[Socket]>(srv.io.of("/"), "connection"),
      waitFor<[Socket]>(srv.io.of("/b"), "connection"),
      waitFor(root, "connect"),
      waitFor(b, "connect"),
    ]);
    expect(serverRoot.client).to.equal(connection);
    expect(serverB.client).to.equal(connection);
    expect([...connection.nsps.keys()]).to.have.members(["/a", "/", "/b"]);
    expect(connection.nsps.keys().next().value).to.equal("/a");
    expect(connection.sockets.get(serverB.id)).to.equal(serverB);

    // the first socket leaves: the others still get their packets both ways
    serverA.disconnect();
    await waitFor(a, "disconnect");
    expect([...connection.nsps.keys()]).to.have.members(["/", "/b"]);
    expect(connection.nsps.has("/a")).to.equal(false);
    const echoed = waitFor<[string]>(serverB, "hello");
    b.emit("hello", "to b");
    expect((await echoed)[0]).to.equal("to b");
    const received = waitFor<[number]>(root, "tick");
    serverRoot.emit("tick", 1);
    expect((await received)[0]).to.equal(1);

    // rejoined: last in the order; a second CONNECT for a joined namespace is still refused
    const order = [...connection.nsps.keys()];
    a.connect();
    const [[serverA2]] = await Promise.all([waitFor<[Socket]>(srv.io.of("/a"), "connection"), waitFor(a, "connect")]);
    expect([...connection.nsps.keys()]).to.deep.equal([...order, "/a"]);
    expect(connection.nsps.get("/a")).to.equal(serverA2);

    // the connection closes: every socket disconnects, in the order they connected
    const disconnected: string[] = [];
    for (const socket of [serverRoot, serverB, serverA2]) socket.on("disconnect", () => disconnected.push(socket.nsp.name));
    connection.close();
    expect(disconnected).to.deep.equal([...order, "/a"]);
    expect(connection.nsps.size).to.equal(0);
    expect(connection.sockets.size).to.equal(0);
  });
});

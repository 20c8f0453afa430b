/**
 * buildHandshake: the object socket.handshake returns. Its query and time are built to be small
 * per connection (lib/handshake-info.ts); these specs hold what apps see of them.
 */
import { expect } from "chai";
import type { IncomingMessage } from "node:http";
import { buildHandshake } from "../../lib/handshake-info.js";
import { TRANSPORT_MODES, startServer, waitFor, type TestServer } from "../support/server-helpers.js";
import type { Socket } from "../../lib/index.js";

function request(url: string, headers: Record<string, string> = {}): IncomingMessage {
  return { url, headers, socket: { remoteAddress: "10.0.0.1" } } as unknown as IncomingMessage;
}

describe("server: buildHandshake", () => {
  it("parses the query into an object without prototype: repeated names become arrays, any name is an own key", () => {
    const { query } = buildHandshake(request("/socket.io/?EIO=4&a=1&a=2&__proto__=p&toString=t&a=3&empty="), undefined, {});
    expect(Object.getPrototypeOf(query)).to.equal(null);
    expect(Object.keys(query)).to.deep.equal(["EIO", "a", "__proto__", "toString", "empty"]);
    expect(query.EIO).to.equal("4");
    expect(query.a).to.deep.equal(["1", "2", "3"]);
    expect(Object.getOwnPropertyDescriptor(query, "__proto__")?.value).to.equal("p");
    expect(query.toString).to.equal("t");
    expect(query.empty).to.equal("");
    // the shared prototype was not touched
    expect(({} as Record<string, unknown>).toString).to.equal(Object.prototype.toString);
  });

  it("has an empty query without a query string or url", () => {
    expect(Object.keys(buildHandshake(request("/socket.io/"), undefined, {}).query)).to.deep.equal([]);
    expect(Object.keys(buildHandshake(undefined, undefined, {}).query)).to.deep.equal([]);
  });

  it("gives time as Date#toString of issued, also for handshakes of the same second and of another one", () => {
    const base = Date.UTC(2026, 0, 2, 3, 4, 5);
    for (const issued of [base, base + 999, base + 1000, base - 1, base]) {
      const handshake = buildHandshake(request("/"), "1.2.3.4", {}, issued);
      expect(handshake.issued).to.equal(issued);
      expect(handshake.time).to.equal(new Date(issued).toString());
    }
  });

  it("fills address, headers, url, xdomain and auth", () => {
    const auth = { token: "x" };
    const handshake = buildHandshake(request("/p?x=1", { origin: "http://a" }), "1.2.3.4", auth);
    expect(handshake).to.include({ address: "1.2.3.4", url: "/p?x=1", xdomain: true, secure: false, auth });
    expect(handshake.headers.origin).to.equal("http://a");
    expect(buildHandshake(request("/"), undefined, {}).address).to.equal("10.0.0.1");
  });
});

describe("server: what a Socket makes on first use (handshake, data, acks)", () => {
  let srv: TestServer;
  beforeEach(async () => {
    srv = await startServer(TRANSPORT_MODES[0]!);
  });
  afterEach(() => srv.close());

  it("returns the same handshake and data objects at every read, keeps what the app assigns, and answers acks", async () => {
    const before = Date.now();
    const connection = waitFor<[Socket]>(srv.io, "connection");
    const client = srv.client("/", { auth: { token: "t" }, query: { lang: "fr" } });
    const [[socket]] = await Promise.all([connection, waitFor(client, "connect")]);
    const handshake = socket.handshake;
    expect(socket.handshake).to.equal(handshake);
    expect(handshake.auth).to.deep.equal({ token: "t" });
    expect(handshake.query.lang).to.equal("fr");
    expect(handshake.issued).to.be.within(before - 1000, Date.now());
    expect(socket.data).to.deep.equal({});
    socket.data.a = 1;
    expect(socket.data).to.deep.equal({ a: 1 });
    socket.data = { b: 2 };
    expect(socket.data).to.deep.equal({ b: 2 });
    client.on("ask", (n: number, ack: (m: number) => void) => ack(n + 1));
    expect(await socket.timeout(5000).emitWithAck("ask", 1)).to.equal(2);
    expect(socket.acks.pending.size).to.equal(0);
  });
});

import { expect } from "chai";
import { WebSocket } from "ws";
import { TRANSPORT_MODES, startServer, waitFor, type TestServer } from "../support/server-helpers.js";
import type { Socket } from "../../lib/index.js";

/** A raw Engine.IO websocket client that records every text frame. */
class RawClient {
  readonly ws: WebSocket;
  readonly frames: string[] = [];
  readonly closed: Promise<void>;
  #waiters: Array<() => void> = [];

  constructor(port: number) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    this.ws.on("message", (data, isBinary) => {
      const text = isBinary ? "<binary>" : data.toString();
      // Answer pings so only the behaviour under test closes the session.
      if (text === "2") this.ws.send("3");
      else this.frames.push(text);
      for (const w of this.#waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => this.ws.on("close", () => resolve()));
  }

  async next(predicate: (frame: string) => boolean): Promise<string> {
    for (;;) {
      const found = this.frames.find(predicate);
      if (found !== undefined) return found;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no matching frame; got " + JSON.stringify(this.frames))), 3000);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  send(text: string): void {
    this.ws.send(text);
  }
}

describe("server: raw packets and timeouts", () => {
  let srv: TestServer;
  const raws: RawClient[] = [];
  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.ws.terminate();
    await srv.close();
  });

  async function rawConnected(): Promise<RawClient> {
    const raw = new RawClient(srv.port);
    raws.push(raw);
    await raw.next((f) => f.startsWith("0{"));
    raw.send("40");
    await raw.next((f) => f.startsWith("40{"));
    return raw;
  }

  for (const bad of ['42[1]', '42["connect"]', '42["disconnect",1]', "4x", '42["a",', "42{}", '43abc[]', "44{}", "7"]) {
    it(`closes only the sender on ${JSON.stringify(bad)} with "parse error"`, async () => {
      srv = await startServer(TRANSPORT_MODES[1]);
      const bystanderConnection = waitFor<[Socket]>(srv.io, "connection");
      const bystander = srv.client();
      const [bystanderSocket] = await bystanderConnection;
      const connection = waitFor<[Socket]>(srv.io, "connection");
      const raw = await rawConnected();
      const [socket] = await connection;
      const reason = waitFor(socket, "disconnect");
      raw.send(bad);
      expect((await reason)[0]).to.equal("parse error");
      await raw.closed;
      expect(bystanderSocket.connected).to.equal(true);
      const echo = waitFor(bystander, "still");
      bystanderSocket.emit("still", "here");
      expect(await echo).to.deep.equal(["here"]);
    });
  }

  it("refuses a second CONNECT for a namespace already joined", async () => {
    srv = await startServer(TRANSPORT_MODES[1]);
    const raw = await rawConnected();
    raw.send("40");
    const refusal = await raw.next((f) => f.startsWith("44"));
    expect(JSON.parse(refusal.slice(2)).message).to.equal("Already connected to this namespace");
    expect(srv.io.sockets.sockets.size).to.equal(1);
  });

  it("answers a CONNECT to an unknown namespace with Invalid namespace", async () => {
    srv = await startServer(TRANSPORT_MODES[1]);
    const raw = new RawClient(srv.port);
    raws.push(raw);
    await raw.next((f) => f.startsWith("0{"));
    raw.send("40/nope,");
    expect(await raw.next((f) => f.startsWith("44"))).to.equal('44/nope,{"message":"Invalid namespace"}');
  });

  it("closes a connection that joins no namespace within connectTimeout", async () => {
    srv = await startServer(TRANSPORT_MODES[1], { connectTimeout: 150, pingInterval: 5000, pingTimeout: 5000 });
    const raw = new RawClient(srv.port);
    raws.push(raw);
    await raw.next((f) => f.startsWith("0{"));
    const started = Date.now();
    await raw.closed;
    expect(Date.now() - started).to.be.below(3000);
  });

  it("closes the connection after connectTimeout once its last namespace is left", async () => {
    srv = await startServer(TRANSPORT_MODES[1], { connectTimeout: 150, pingInterval: 5000, pingTimeout: 5000 });
    const raw = await rawConnected();
    raw.send("41");
    await raw.closed;
    expect(srv.io.sockets.sockets.size).to.equal(0);
  });

  it("keeps the connection when a namespace is joined again in time", async () => {
    srv = await startServer(TRANSPORT_MODES[1], { connectTimeout: 300, pingInterval: 5000, pingTimeout: 5000 });
    const raw = await rawConnected();
    raw.frames.length = 0;
    raw.send("41");
    raw.send("40");
    await raw.next((f) => f.startsWith("40{"));
    await new Promise((r) => setTimeout(r, 500));
    expect(raw.ws.readyState).to.equal(WebSocket.OPEN);
  });

  it("encodes a broadcast once: every recipient gets the same string instance", async () => {
    srv = await startServer(TRANSPORT_MODES[1]);
    const a = waitFor<[Socket]>(srv.io, "connection");
    srv.client();
    const [sa] = await a;
    const b = waitFor<[Socket]>(srv.io, "connection");
    srv.client();
    const [sb] = await b;
    const sent: unknown[] = [];
    for (const s of [sa, sb]) {
      const conn = s.conn as unknown as { send: (d: unknown, ...rest: unknown[]) => unknown };
      const original = conn.send.bind(conn);
      conn.send = (d: unknown, ...rest: unknown[]) => {
        sent.push(d);
        return original(d, ...rest);
      };
    }
    srv.io.emit("once", { big: "x".repeat(100) });
    expect(sent).to.have.length(2);
    expect(sent[0]).to.equal(sent[1]);
  });
});

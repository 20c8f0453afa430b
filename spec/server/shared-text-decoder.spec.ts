/**
 * Connections share one decoder for text packets and get a decoder of their own only while a
 * binary packet is reassembled (lib/connection.ts): interleaved binary packets of several
 * connections, text packets in between, and one connection's malformed binary packet never
 * mix with another's.
 */
import { expect } from "chai";
import { rawWebSocket, waitUntil, type RawWs } from "../hardening/support.js";
import { startServer, type TestServer } from "../support/server-helpers.js";
import type { Socket } from "../../lib/index.js";

describe("server: text packets share a decoder, binary ones get their own", () => {
  let srv: TestServer;
  const received: Array<{ from: string; args: unknown[] }> = [];
  beforeEach(async () => {
    received.length = 0;
    srv = await startServer({ name: "websocket", transports: ["websocket"] });
    srv.io.on("connection", (socket: Socket) => {
      socket.onAny((event: string, ...args: unknown[]) => received.push({ from: socket.id, args: [event, ...args] }));
    });
  });
  afterEach(() => srv.close());

  const open = async (): Promise<RawWs & { socketId?: string }> => rawWebSocket(srv.port, { connect: true });
  const bytes = (...values: number[]): Buffer => Buffer.from(values);
  const normalized = (args: unknown[]): unknown[] => args.map((a) => (Buffer.isBuffer(a) ? [...a] : a));

  it("interleaved binary packets of two connections, with text packets between, each arrive whole", async () => {
    const a = await open();
    const b = await open();
    a.ws.send('451-["bin",{"_placeholder":true,"num":0}]');
    b.ws.send('452-["bin",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    b.ws.send(bytes(1));
    // text packets from the other connection and from a third one while both wait for attachments
    const c = await open();
    c.ws.send('42["text",1]');
    a.ws.send(bytes(9, 9));
    b.ws.send(bytes(2, 3));
    c.ws.send('42["text",2]');
    await waitUntil(() => received.length === 4);
    const by = (id: string | undefined): unknown[][] => received.filter((r) => r.from === id).map((r) => normalized(r.args));
    expect(by(a.socketId)).to.deep.equal([["bin", [9, 9]]]);
    expect(by(b.socketId)).to.deep.equal([["bin", [1], [2, 3]]]);
    expect(by(c.socketId)).to.deep.equal([["text", 1], ["text", 2]]);
    for (const raw of [a, b, c]) expect(raw.ws.readyState).to.equal(raw.ws.OPEN);
  });

  it("a text packet in the middle of one connection's binary packet closes that one only; the next binary packet of another decodes", async () => {
    const a = await open();
    const b = await open();
    a.ws.send('451-["bin",{"_placeholder":true,"num":0}]');
    a.ws.send('42["too early"]');
    await a.closed; // ("parse error": the session ends)
    b.ws.send('451-["bin",{"_placeholder":true,"num":0}]');
    b.ws.send(bytes(7));
    b.ws.send('42["after",true]');
    await waitUntil(() => received.length === 2);
    expect(received.map((r) => normalized(r.args))).to.deep.equal([["bin", [7]], ["after", true]]);
    expect(received.every((r) => r.from === b.socketId)).to.equal(true);
  });

  it("an attachment without a header closes that connection only", async () => {
    const a = await open();
    const b = await open();
    a.ws.send(bytes(1, 2, 3));
    await a.closed; // ("parse error": the session ends)
    b.ws.send('42["still",1]');
    await waitUntil(() => received.length === 1);
    expect(received[0]).to.deep.equal({ from: b.socketId, args: ["still", 1] });
  });
});

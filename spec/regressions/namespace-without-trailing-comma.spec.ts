/**
 * Bug: `40/custom`, `41/custom` and `40/random` (a namespace with no "," after
 * it) were decode errors, so the connection closed with "parse error". The
 * protocol ends a namespace at a comma *or at the end of the packet*:
 * socket.io-client always writes the comma, other clients and Socket.IO's
 * public conformance suite do not. Fixed in the shared decoding core
 * (lib/protocol/decoder.ts), so the server's StrictDecoder and the client's
 * lean Decoder read it alike; the strict checks (namespace length, payload
 * shape per type) still apply.
 */
import { expect } from "chai";
import { WebSocket } from "ws";
import { Decoder } from "../../lib/protocol/decoder.js";
import { StrictDecoder } from "../../lib/protocol/strict-decoder.js";
import { DecodeError } from "../../lib/protocol/errors.js";
import { PacketType } from "../../lib/protocol/packet.js";
import type { Socket } from "../../lib/index.js";
import { startServer, TRANSPORT_MODES, waitFor, type TestServer } from "../support/server-helpers.js";

/** A raw WebSocket client that queues text frames (answering pings), one per `next()`. */
class RawClient {
  readonly ws: WebSocket;
  readonly #frames: string[] = [];
  #waiter: (() => void) | undefined;

  constructor(port: number) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    this.ws.on("message", (data) => {
      const text = data.toString();
      if (text === "2") this.ws.send("3");
      else this.#frames.push(text);
      this.#waiter?.();
    });
  }

  async next(): Promise<string> {
    const deadline = Date.now() + 3000;
    while (this.#frames.length === 0) {
      if (Date.now() > deadline) throw new Error("no frame in time");
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
        setTimeout(resolve, 100);
      });
    }
    return this.#frames.shift()!;
  }
}

describe("regression: a namespace may end at the end of the packet (no trailing comma)", () => {
  for (const decoder of [() => new Decoder(), () => new StrictDecoder()]) {
    const name = decoder().constructor.name;
    it(`${name} reads 0/custom, 1/custom, 0/random`, () => {
      expect(decoder().add("0/custom")).to.deep.equal({ type: PacketType.CONNECT, nsp: "/custom" });
      expect(decoder().add("1/custom")).to.deep.equal({ type: PacketType.DISCONNECT, nsp: "/custom" });
      expect(decoder().add("0/random")).to.deep.equal({ type: PacketType.CONNECT, nsp: "/random" });
      // the comma form is unchanged
      expect(decoder().add('0/custom,{"a":1}')).to.deep.equal({ type: PacketType.CONNECT, nsp: "/custom", data: { a: 1 } });
    });
  }

  it("StrictDecoder still refuses what a namespace running to the end leaves malformed", () => {
    // everything after "/" is the namespace: an EVENT or ACK is then left without its payload
    expect(() => new StrictDecoder().add('2/custom["a"]')).to.throw(DecodeError, /EVENT payload must be a non-empty array/);
    expect(() => new StrictDecoder().add("3/custom")).to.throw(DecodeError, /ACK packet must have an ack id/);
    expect(() => new StrictDecoder({ maxNamespaceLength: 4 }).add("0/custom")).to.throw(DecodeError, /longer than 4/);
  });

  describe("end to end, over a raw WebSocket (as the conformance suite talks)", () => {
    let srv: TestServer;
    let raw: RawClient;
    afterEach(async () => {
      raw.ws.terminate();
      await srv.close();
    });

    async function connected(): Promise<RawClient> {
      srv = await startServer(TRANSPORT_MODES[1]);
      srv.io.of("/custom");
      raw = new RawClient(srv.port);
      expect(await raw.next()).to.match(/^0\{/);
      return raw;
    }

    it("40/random gets CONNECT_ERROR Invalid namespace, and the connection stays usable", async () => {
      await connected();
      raw.ws.send("40/random");
      expect(await raw.next()).to.equal('44/random,{"message":"Invalid namespace"}');
      raw.ws.send("40");
      expect(await raw.next()).to.match(/^40\{"sid":/);
    });

    it("40/custom connects, 41/custom leaves /custom while / stays connected", async () => {
      await connected();
      const main = waitFor<[Socket]>(srv.io, "connection");
      raw.ws.send("40");
      expect(await raw.next()).to.match(/^40\{"sid":/);
      const [mainSocket] = await main;
      const custom = waitFor<[Socket]>(srv.io.of("/custom"), "connection");
      raw.ws.send("40/custom");
      expect(await raw.next()).to.match(/^40\/custom,\{"sid":"[^"]+"\}$/);
      const [customSocket] = await custom;
      const left = waitFor<[string]>(customSocket, "disconnect");
      raw.ws.send("41/custom");
      expect((await left)[0]).to.equal("client namespace disconnect");
      expect(mainSocket.connected).to.equal(true);
      const echo = waitFor<[string]>(mainSocket, "ping-me");
      raw.ws.send('42["ping-me","still here"]');
      expect((await echo)[0]).to.equal("still here");
    });
  });
});

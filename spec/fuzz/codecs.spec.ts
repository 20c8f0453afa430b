/**
 * Fuzzing the Socket.IO codecs: every valid packet round-trips through the
 * encoder and both decoders (the server's StrictDecoder, the client's
 * Decoder), binary included, and matches socket.io-parser's encoding; random
 * and mutated messages never make a decoder throw anything but a DecodeError,
 * never leave it unable to decode the next valid packet, and never let a
 * packet through in a shape the sockets would crash on.
 */
import { expect } from "chai";
import fc from "fast-check";
import { Encoder } from "socket.io-parser";
import { encodePacket } from "../../lib/protocol/encoder.js";
import { Decoder } from "../../lib/protocol/decoder.js";
import { StrictDecoder } from "../../lib/protocol/strict-decoder.js";
import { DecodeError } from "../../lib/protocol/errors.js";
import { PacketType, RESERVED_EVENTS } from "../../lib/protocol/constants.js";
import type { Packet } from "../../lib/protocol/packet.js";
import { binaryValue, countBinary, fuzz, hasProtoKey, mutated, validPacket } from "./support.js";
import { failOnProcessErrors } from "../support/tripwire.js";

type Chunk = string | ArrayBuffer | ArrayBufferView;

/** Feeds every message of one packet; returns the packet the last one completed. */
function decodeAll(decoder: Decoder, messages: Chunk[]): Packet | undefined {
  let out: Packet | undefined;
  for (const message of messages) out = decoder.add(message);
  return out;
}

/** Feeds one message; a DecodeError is the documented outcome of bad input, anything else fails. */
function addTolerant(decoder: Decoder, chunk: Chunk): Packet | undefined | "refused" {
  try {
    return decoder.add(chunk);
  } catch (err) {
    if (!(err instanceof DecodeError)) throw new Error(`decoder threw a non-DecodeError: ${String(err)}`, { cause: err });
    return "refused";
  }
}

/** What the sockets rely on in a decoded packet (a broken invariant here would crash a listener path). */
function expectUsable(packet: Packet): void {
  expect(packet.type).to.be.within(0, 4);
  expect(packet.nsp).to.be.a("string");
  expect(packet.nsp[0]).to.equal("/");
  if (packet.id !== undefined) expect(Number.isSafeInteger(packet.id) && packet.id >= 0).to.equal(true);
  if (packet.type === PacketType.EVENT) {
    expect(packet.data).to.be.an("array");
    const name = (packet.data as unknown[])[0];
    expect(name).to.be.a("string");
    expect(RESERVED_EVENTS).not.to.include(name);
  }
  if (packet.type === PacketType.ACK) expect(packet.data).to.be.an("array");
}

const VALID_AFTER: Chunk[] = ['2["after",1]'];

/** Valid messages and their mutations; binary chunks in between. */
const textMessage = fc.oneof(
  validPacket.map((p) => encodePacket(p)[0] as string),
  mutated(validPacket.map((p) => encodePacket(p)[0] as string)),
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: "binary" }),
  fc.string({ maxLength: 20 }).map((s) => "5" + s),
);
const anyChunk: fc.Arbitrary<Chunk> = fc.oneof({ weight: 4, arbitrary: textMessage }, { weight: 1, arbitrary: binaryValue });

describe("fuzz: Socket.IO codecs", function () {
  this.timeout(30000);
  failOnProcessErrors();

  it("every valid packet round-trips through the encoder and both decoders (binary included)", () => {
    fuzz(
      fc.property(validPacket, (packet) => {
        const messages = encodePacket(packet) as Chunk[];
        expect(decodeAll(new StrictDecoder(), messages), "StrictDecoder").to.deep.equal(packet);
        expect(decodeAll(new Decoder(), messages), "Decoder").to.deep.equal(packet);
      }),
      1500,
    );
  });

  it("the encoding is socket.io-parser's, byte for byte", () => {
    const reference = new Encoder();
    fuzz(
      fc.property(validPacket, (packet) => {
        // The one known difference: socket.io-parser rebuilds a binary packet's
        // objects with `copy[key] = …`, so an own "__proto__" key sets the
        // copy's prototype and vanishes from its output; volley keeps the key
        // (spec/regressions/binary-packet-keeps-proto-key.spec.ts).
        fc.pre(!(countBinary(packet.data) > 0 && hasProtoKey(packet.data)));
        const ours = encodePacket(packet);
        const theirs = reference.encode({ ...packet, type: packet.type } as never);
        expect(ours.length).to.equal(theirs.length);
        expect(ours[0]).to.equal(theirs[0]);
      }),
      1000,
    );
  });

  for (const [name, make] of [
    ["StrictDecoder", () => new StrictDecoder()],
    ["Decoder", () => new Decoder()],
  ] as const) {
    it(`${name}: random and mutated messages give a packet it can use or a DecodeError, and it decodes the next valid packet`, () => {
      fuzz(
        fc.property(fc.array(anyChunk, { minLength: 1, maxLength: 6 }), (chunks) => {
          const decoder = make();
          for (const chunk of chunks) {
            const out = addTolerant(decoder, chunk);
            if (out && out !== "refused") expectUsable(out);
          }
          // Whatever came before (a half-received binary packet included), a reset decoder works.
          decoder.reset();
          expect(decodeAll(decoder, VALID_AFTER)).to.deep.equal({ type: 2, nsp: "/", data: ["after", 1] });
        }),
        3000,
      );
    });
  }

  it("StrictDecoder accepts no more than the client's Decoder does", () => {
    fuzz(
      fc.property(textMessage, (message) => {
        const strict = addTolerant(new StrictDecoder(), message);
        const lean = addTolerant(new Decoder(), message);
        if (strict !== "refused") expect(lean).to.deep.equal(strict);
      }),
      3000,
    );
  });

  it("a deep nesting far past the limit is a DecodeError, not a stack overflow", () => {
    fuzz(
      fc.property(fc.integer({ min: 1001, max: 200_000 }), fc.constantFrom("[", '{"a":'), (depth, open) => {
        const message = '2["deep",' + open.repeat(depth);
        expect(addTolerant(new StrictDecoder(), message)).to.equal("refused");
      }),
      30,
    );
  });
});

/**
 * The client's lean Decoder (lib/protocol/decoder.ts) against the server's
 * StrictDecoder (strict-decoder.ts): one parsing core, the strict checks a
 * layer on top. The lean one must still throw nothing but DecodeError and
 * never hand the client a packet shape it would crash on.
 */
import { expect } from "chai";
import { Decoder } from "../../lib/protocol/decoder.js";
import { StrictDecoder } from "../../lib/protocol/strict-decoder.js";
import { DecodeError } from "../../lib/protocol/errors.js";
import { PacketType, type Packet } from "../../lib/protocol/packet.js";

const p = (num: unknown) => JSON.stringify({ _placeholder: true, num });

/** Feeds every message; returns the last result, or the error the last one threw. */
function feed(decoder: Decoder, messages: Array<string | Uint8Array>): Packet | undefined | DecodeError {
  let result: Packet | undefined;
  for (const m of messages) {
    try {
      result = decoder.add(m);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      return err;
    }
  }
  return result;
}

/** What client/socket.ts relies on for every packet it is handed. */
function expectSafeShape(packet: Packet): void {
  expect(packet.type).to.be.oneOf([0, 1, 2, 3, 4]);
  expect(packet.nsp).to.be.a("string");
  expect(packet).not.to.have.property("attachments");
  if (packet.id !== undefined) expect(Number.isSafeInteger(packet.id)).to.equal(true);
  if (packet.type === PacketType.EVENT) {
    expect(packet.data).to.be.an("array");
    expect((packet.data as unknown[])[0]).to.be.a("string");
  }
  if (packet.type === PacketType.ACK) expect(packet.data).to.be.an("array");
}

describe("protocol/decoder: the client's lean Decoder", () => {
  const malformed: Array<[string, Array<string | Uint8Array>, RegExp]> = [
    ["an empty message", [""], /^empty packet$/],
    ["an unknown type", ["9"], /^invalid packet type 9$/],
    ["a binary type without count", ['5x-["a"]'], /attachment count/],
    ["a count without '-'", ["51"], /followed by "-"/],
    ["an EVENT whose namespace runs to the end (no ',', so no payload)", ['2/admin["a"]'], /starting with the event name/],
    ["an ack id beyond safe integers", ['29007199254740993["a"]'], /not a safe integer/],
    ["invalid JSON", ['2["a",]'], /^invalid JSON payload: /],
    ["EVENT data that is not an array", ['2{"a":1}'], /^EVENT payload must be an array starting with the event name$/],
    ["EVENT data without a name", ["2[]"], /starting with the event name/],
    ["EVENT with a number as name", ["2[1]"], /starting with the event name/],
    ["EVENT data that is a string", ['2"abc"'], /starting with the event name/],
    ["EVENT without data", ["2"], /starting with the event name/],
    ["an EVENT named like a reserved event", ['2["disconnect","forged"]'], /^event name "disconnect" is reserved$/],
    ["ACK data that is not an array", ['31{"a":1}'], /^ACK payload must be an array$/],
    ["a placeholder out of range", ['51-["a",' + p(1) + "]", Uint8Array.of(1)], /placeholder num 1/],
    ["a placeholder num that is a string", ['51-["a",' + p("0") + "]", Uint8Array.of(1)], /placeholder num "0"/],
    ["an attachment nobody waits for", [Uint8Array.of(1)], /no binary packet is waiting/],
    ["text while attachments are due", ['51-["a",' + p(0) + "]", '2["b"]'], /waiting for 1 more/],
  ];
  for (const [name, messages, message] of malformed) {
    it(`rejects ${name} with a DecodeError, like the server`, () => {
      for (const decoder of [new Decoder(), new StrictDecoder()]) {
        const result = feed(decoder, messages);
        expect(result, decoder.constructor.name).to.be.instanceOf(DecodeError);
        if (decoder instanceof StrictDecoder) continue;
        expect((result as DecodeError).message).to.match(message);
        // and stays usable
        expect(decoder.add('2["ok"]')).to.deep.equal({ type: PacketType.EVENT, nsp: "/", data: ["ok"] });
      }
    });
  }

  it("leaves to the server what its own server never sends", () => {
    const serverOnly = [
      '0["a"]', // CONNECT data that is not an object
      '1{"a":1}', // DISCONNECT with data
      "4true", // CONNECT_ERROR data neither object nor string
      "05{}", // ack id on CONNECT
      '50-["a"]', // attachment count 0
      '3["a"]', // ACK without id
      "2" + "/" + "a".repeat(300) + ',["a"]', // namespace over the limit
      `2["e",${"[".repeat(2000)}${"]".repeat(2000)}]`, // nesting over the limit
    ];
    for (const message of serverOnly) {
      expect(feed(new StrictDecoder(), [message]), message).to.be.instanceOf(DecodeError);
      expectSafeShape(new Decoder().add(message)!);
    }
  });

  it("puts back an attachment referenced twice (the server refuses it)", () => {
    const messages = ['52-["a",' + p(0) + "," + p(0) + "]", Uint8Array.of(1), Uint8Array.of(2)];
    expect(feed(new StrictDecoder(), messages)).to.be.instanceOf(DecodeError);
    const packet = feed(new Decoder(), messages) as Packet;
    expect(packet.data).to.deep.equal(["a", Uint8Array.of(1), Uint8Array.of(1)]);
  });

  it("on mangled messages throws only DecodeError, hands out only safe shapes, and agrees with StrictDecoder", () => {
    // deterministic pseudo-random mutations of valid messages
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const valid = [
      '2/admin,7["ask",1,{"a":[true,null]}]',
      '0/chat,{"token":"x"}',
      '40{"sid":"abc"}',
      '31["ok",{"n":2}]',
      '4{"message":"no"}',
      "1/admin,",
      '51-["file",' + p(0) + "]",
      '62-/x,9[' + p(1) + "," + p(0) + "]",
    ];
    const alphabet = '0123456789-/,[]{}":_aexnum.\\ ';
    let accepted = 0;
    for (let round = 0; round < 4000; round++) {
      let text = valid[random(valid.length)];
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(text.length + 1);
        const ch = alphabet[random(alphabet.length)];
        const op = random(3);
        text = op === 0 ? text.slice(0, at) + ch + text.slice(at) : op === 1 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + ch + text.slice(at + 1);
      }
      const messages = [text, Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)];
      const lean = new Decoder();
      const strict = new StrictDecoder();
      for (const message of messages) {
        const ours = feed(lean, [message]);
        const theirs = feed(strict, [message]);
        if (ours && !(ours instanceof DecodeError)) {
          expectSafeShape(ours);
          accepted++;
        }
        // whatever the server accepts, the client decodes the same way
        if (theirs !== undefined && !(theirs instanceof DecodeError)) expect(ours, text).to.deep.equal(theirs);
      }
    }
    expect(accepted).to.be.above(100);
  });
});

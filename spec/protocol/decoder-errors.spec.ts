import { expect } from "chai";
import { StrictDecoder as Decoder } from "../../lib/protocol/strict-decoder.js";
import { DecodeError } from "../../lib/protocol/errors.js";
import { PacketType } from "../../lib/protocol/packet.js";
import { RESERVED_EVENTS } from "../../lib/protocol/constants.js";

const p = (num: unknown) => JSON.stringify({ _placeholder: true, num });

/** Feeds every message; the last one must throw a DecodeError whose message matches. */
function expectDecodeError(messages: Array<string | Uint8Array>, message: RegExp, decoder = new Decoder()): Decoder {
  const last = messages[messages.length - 1];
  for (const m of messages.slice(0, -1)) expect(decoder.add(m)).to.equal(undefined);
  let caught: unknown;
  try {
    decoder.add(last);
  } catch (err) {
    caught = err;
  }
  expect(caught).to.be.instanceOf(DecodeError);
  expect((caught as DecodeError).code).to.equal("VOLLEY_DECODE_ERROR");
  expect((caught as DecodeError).message).to.match(message);
  return decoder;
}

describe("protocol/decoder: strict decoding", () => {
  describe("packet type", () => {
    it("rejects an unknown type digit", () => expectDecodeError(["9"], /^invalid packet type 9$/));
    it("rejects type 7", () => expectDecodeError(['7["a"]'], /^invalid packet type 7$/));
    it("rejects a non-digit type", () => expectDecodeError(['x["a"]'], /^invalid packet type x$/));
    it("rejects an empty message", () => expectDecodeError([""], /^empty packet$/));
  });

  describe("attachment count", () => {
    it("rejects a count without '-'", () => expectDecodeError(['51["a",' + p(0) + "]"], /followed by "-"/));
    it("rejects a count at the end of the message", () => expectDecodeError(["51"], /followed by "-"/));
    it("rejects a count that is not digits", () =>
      expectDecodeError(['5x-["a",' + p(0) + "]"], /BINARY_EVENT packet must have an attachment count/));
    it("rejects more than maxAttachments", () =>
      expectDecodeError(['53-["a",' + p(0) + "," + p(1) + "," + p(2) + "]"], /too many attachments: 3 \(max 2\)/, new Decoder({ maxAttachments: 2 })));
    it("rejects more than the default of 10", () => expectDecodeError(['511-["a"]'], /too many attachments: 11 \(max 10\)/));
    it("rejects a count of 0", () => expectDecodeError(['50-["a"]'], /at least 1/));
    it("rejects a count on a non-binary EVENT", () =>
      expectDecodeError(['21-["a",' + p(0) + "]"], /^attachment count on non-binary packet type 2$/));
    it("rejects a count on a non-binary ACK", () => expectDecodeError(['31-["a"]'], /non-binary packet type 3/));
  });

  describe("binary messages", () => {
    it("rejects a binary attachment when none is expected", () =>
      expectDecodeError([Uint8Array.of(1)], /no binary packet is waiting/));
    it("rejects a text packet while attachments are expected, then is reset", () => {
      const decoder = expectDecodeError(['52-["a",' + p(0) + "," + p(1) + "]", Uint8Array.of(1), '2["b"]'], /waiting for 1 more binary attachment/);
      expect(decoder.add('2["c"]')).to.deep.equal({ type: PacketType.EVENT, nsp: "/", data: ["c"] });
    });
    it("rejects a message that is neither text nor binary", () =>
      expectDecodeError([42 as unknown as string], /cannot decode a message of type number/));
  });

  describe("namespace", () => {
    it('rejects a namespace not starting with "/"', () =>
      expectDecodeError(['2admin,["a"]'], /^namespace must start with "\/", got "a"$/));
    it("rejects a namespace longer than maxNamespaceLength", () =>
      expectDecodeError(['2/abcdefghij,["a"]'], /namespace is longer than 8 characters/, new Decoder({ maxNamespaceLength: 8 })));
    it("rejects a namespace longer than the default limit", () =>
      expectDecodeError(["2/" + "a".repeat(300) + ',["a"]'], /namespace is longer than 256 characters/));
    it('reads a namespace without "," as running to the end: an EVENT then has no payload', () =>
      expectDecodeError(['2/admin["a"]'], /^EVENT payload must be a non-empty array$/));
    it('rejects a namespace without "," longer than maxNamespaceLength', () =>
      expectDecodeError(["0/abcdefghij"], /namespace is longer than 8 characters/, new Decoder({ maxNamespaceLength: 8 })));
  });

  describe("ack id", () => {
    it("rejects an ack id followed by a non-digit", () =>
      expectDecodeError(['2/admin,7x["a"]'], /^ack id must be decimal digits, got "x" after "7"$/));
    it("rejects a decimal ack id", () => expectDecodeError(['27.5["a"]'], /ack id must be decimal digits, got "\."/));
    it("rejects a negative ack id", () => expectDecodeError(['2-1["a"]'], /unexpected character "-" at index 1/));
    it("rejects an ack id beyond Number.MAX_SAFE_INTEGER", () =>
      expectDecodeError(['29007199254740993["a"]'], /^ack id 9007199254740993 is not a safe integer$/));
    it("reads the ack id's digits exactly up to Number.MAX_SAFE_INTEGER, leading zeros included, and refuses 2 ** 53", () => {
      const decoder = new Decoder();
      expect(decoder.add('29007199254740991["a"]')!.id).to.equal(9007199254740991);
      expect(decoder.add('2007["a"]')!.id).to.equal(7);
      expect(decoder.add('2/admin,0["a"]')!.id).to.equal(0);
      expectDecodeError(['29007199254740992["a"]'], /^ack id 9007199254740992 is not a safe integer$/);
      expectDecodeError(['200009007199254740992["a"]'], /^ack id 00009007199254740992 is not a safe integer$/);
    });
    it("keeps a huge ack id out of the message", () => {
      const decoder = new Decoder();
      expect(() => decoder.add("2" + "9".repeat(5000) + '["a"]'))
        .to.throw(DecodeError, /is not a safe integer/)
        .with.property("message")
        .that.has.length.below(80);
    });
    it("rejects an ACK without an id", () => expectDecodeError(['3["a"]'], /^ACK packet must have an ack id$/));
    it("rejects an ack id on CONNECT", () => expectDecodeError(['05{"a":1}'], /^CONNECT packet must not have an ack id$/));
  });

  describe("JSON", () => {
    it("rejects invalid JSON", () => expectDecodeError(['2["a",]'], /^invalid JSON payload: /));
    it("rejects truncated JSON", () => expectDecodeError(['2/admin,3["a"'], /^invalid JSON payload: /));
    it("rejects data that does not start like an array, object or string", () =>
      expectDecodeError(["4true"], /unexpected character "t" at index 1/));
  });

  describe("payload per packet type", () => {
    it("rejects a CONNECT payload that is an array", () => expectDecodeError(['0["a"]'], /^CONNECT payload must be an object$/));
    it("rejects a CONNECT payload that is a string", () => expectDecodeError(['0"token"'], /CONNECT payload must be an object/));
    it("rejects a DISCONNECT payload", () => expectDecodeError(["1{}"], /^DISCONNECT packet must not carry a payload$/));
    it("rejects an EVENT payload that is not an array", () =>
      expectDecodeError(['2{"a":1}'], /^EVENT payload must be a non-empty array$/));
    it("rejects an empty EVENT array", () => expectDecodeError(["2[]"], /EVENT payload must be a non-empty array/));
    it("rejects an EVENT without payload", () => expectDecodeError(["2/admin,"], /EVENT payload must be a non-empty array/));
    it("rejects a numeric event name", () => expectDecodeError(["2[1]"], /^event name must be a string$/));
    it("rejects a placeholder as event name", () =>
      expectDecodeError(["51-[" + p(0) + "]"], /^event name must be a string$/));
    for (const name of RESERVED_EVENTS) {
      it(`rejects the reserved event name ${name}`, () =>
        expectDecodeError([`2["${name}"]`], new RegExp(`^event name "${name}" is reserved$`)));
    }
    it("rejects an ACK payload that is not an array", () => expectDecodeError(['37{"a":1}'], /^ACK payload must be an array$/));
    it("rejects a BINARY_ACK without an id", () =>
      expectDecodeError(["61-[" + p(0) + "]"], /^ACK packet must have an ack id$/));
    it("rejects a CONNECT_ERROR without payload", () =>
      expectDecodeError(["4"], /^CONNECT_ERROR payload must be an object or a string$/));
    it("rejects a CONNECT_ERROR array payload", () =>
      expectDecodeError(['4["a"]'], /CONNECT_ERROR payload must be an object or a string/));
  });

  describe("placeholders", () => {
    it("rejects a num out of range", () =>
      expectDecodeError(['51-["a",' + p(1) + "]", Uint8Array.of(1)], /^placeholder num 1 is not an attachment index \(0 to 0\)$/));
    it("rejects a negative num", () =>
      expectDecodeError(['51-["a",' + p(-1) + "]", Uint8Array.of(1)], /placeholder num -1 is not an attachment index/));
    it("rejects a num that is not an integer", () =>
      expectDecodeError(['51-["a",' + p(0.5) + "]", Uint8Array.of(1)], /placeholder num 0.5 is not an attachment index/));
    it("rejects a num that is a string", () =>
      expectDecodeError(['51-["a",' + p("0") + "]", Uint8Array.of(1)], /placeholder num "0" is not an attachment index/));
    it("rejects an attachment referenced twice", () =>
      expectDecodeError(['52-["a",' + p(0) + "," + p(0) + "]", Uint8Array.of(1), Uint8Array.of(2)], /^attachment 0 is referenced by more than one placeholder$/));
    it("rejects an attachment never referenced", () =>
      expectDecodeError(['52-["a",' + p(0) + "]", Uint8Array.of(1), Uint8Array.of(2)], /^attachment 1 is never referenced by a placeholder$/));
    it("is reset after a placeholder error", () => {
      const decoder = expectDecodeError(['51-["a",' + p(3) + "]", Uint8Array.of(1)], /placeholder num 3/);
      expect(() => decoder.add(Uint8Array.of(1))).to.throw(DecodeError, /no binary packet is waiting/);
      expect(decoder.add('2["ok"]')).to.deep.equal({ type: PacketType.EVENT, nsp: "/", data: ["ok"] });
    });
  });

  it("leaves the decoder usable after a text error", () => {
    const decoder = expectDecodeError(["9"], /invalid packet type/);
    expect(decoder.add('2["a"]')).to.deep.equal({ type: PacketType.EVENT, nsp: "/", data: ["a"] });
  });
});

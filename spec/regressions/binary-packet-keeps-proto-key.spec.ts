/**
 * Found by the codec fuzzer: an event with binary whose data holds an own
 * "__proto__" key (JSON.parse makes one from `{"__proto__":""}`). volley's
 * encoder keeps the key as data, where socket.io-parser's drops it (its copy
 * assigns `copy["__proto__"] = …`, which sets the copy's prototype). The
 * fuzzer's byte-for-byte comparison with socket.io-parser now skips that one
 * case; this spec pins volley's side: the key survives the round trip as an
 * own key, and no prototype anywhere is touched.
 */
import { expect } from "chai";
import { encodePacket } from "../../lib/protocol/encoder.js";
import { Decoder } from "../../lib/protocol/decoder.js";
import { StrictDecoder } from "../../lib/protocol/strict-decoder.js";
import type { Packet } from "../../lib/protocol/packet.js";

describe('regression: a binary packet keeps an own "__proto__" key as data', () => {
  const withProtoKey = (): Record<string, unknown> => JSON.parse('{"__proto__":{"polluted":true},"a":1}');

  it("encodes the key, and both decoders give it back as an own key", () => {
    const packet: Packet = { type: 2, nsp: "/", data: ["e", withProtoKey(), Buffer.from([1, 2])] };
    const messages = encodePacket(packet) as (string | Buffer)[];
    expect(messages[0]).to.equal('51-["e",{"__proto__":{"polluted":true},"a":1},{"_placeholder":true,"num":0}]');
    for (const decoder of [new StrictDecoder(), new Decoder()]) {
      let out: Packet | undefined;
      for (const message of messages) out = decoder.add(message);
      const arg = (out!.data as unknown[])[1] as Record<string, unknown>;
      expect(Object.hasOwn(arg, "__proto__")).to.equal(true);
      expect(Object.getPrototypeOf(arg)).to.equal(Object.prototype);
      expect(arg.a).to.equal(1);
    }
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});

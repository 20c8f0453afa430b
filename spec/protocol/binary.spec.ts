import { expect } from "chai";
import { binaryReplacer, hasBinary, isBinary, deconstructPacket, reconstructPacket } from "../../lib/protocol/binary.js";
import { mayHoldBinary as browserMayHoldBinary } from "../../lib/protocol/may-hold-binary.js";
import { Decoder } from "../../lib/protocol/decoder.js";
import { StrictDecoder } from "../../lib/protocol/strict-decoder.js";
import { DecodeError } from "../../lib/protocol/errors.js";
import { PacketType, type Packet } from "../../lib/protocol/packet.js";

describe("protocol/binary", () => {
  describe("isBinary / hasBinary", () => {
    it("recognises every binary kind and nothing else", () => {
      for (const value of [new ArrayBuffer(1), Buffer.from([1]), new Uint16Array(1), new DataView(new ArrayBuffer(1)), new Blob(["x"])]) {
        expect(isBinary(value), String(value)).to.equal(true);
      }
      for (const value of [null, undefined, 0, "bytes", [1, 2], { byteLength: 1 }, new Date()]) {
        expect(isBinary(value), String(value)).to.equal(false);
      }
    });

    it("finds binary at any depth in arrays and objects", () => {
      expect(hasBinary(["a", 1, { b: [null, { c: new Uint8Array(1) }] }])).to.equal(true);
      expect(hasBinary(new ArrayBuffer(0))).to.equal(true);
      expect(hasBinary(["a", 1, { b: [null, { c: "x" }] }, new Date()])).to.equal(false);
      expect(hasBinary(undefined)).to.equal(false);
      expect(hasBinary("x")).to.equal(false);
    });

    it("looks at what toJSON returns, not at the object", () => {
      expect(hasBinary({ hidden: new Uint8Array(1), toJSON: () => "nothing" })).to.equal(false);
      expect(hasBinary({ toJSON: () => new Uint8Array(1) })).to.equal(true);
      expect(hasBinary([{ toJSON: () => ({ deep: [new ArrayBuffer(1)] }) }])).to.equal(true);
    });

    it("does not call toJSON on what toJSON returned, but does on its children", () => {
      const innerSelf = { buf: new Uint8Array(1), toJSON: () => "hidden" };
      // JSON.stringify would not call innerSelf.toJSON here either: toJSON runs once per value.
      expect(hasBinary({ toJSON: () => innerSelf })).to.equal(true);
      expect(hasBinary({ toJSON: () => ({ child: innerSelf }) })).to.equal(false);
    });

    it("ignores inherited properties", () => {
      const proto = { inherited: new Uint8Array(1) };
      expect(hasBinary(Object.create(proto))).to.equal(false);
    });
  });

  describe("mayHoldBinary, the browser builds' twin of hasBinary (may-hold-binary.ts)", () => {
    const innerSelf = { buf: new Uint8Array(1), toJSON: () => "hidden" };
    const values: unknown[] = [
      ["a", 1, { b: [null, { c: new Uint8Array(1) }] }],
      ["a", 1, { b: [null, { c: "x" }] }],
      new ArrayBuffer(0),
      Buffer.from([1]),
      undefined,
      "x",
      ["at", new Date(0)],
      { hidden: new Uint8Array(1), toJSON: () => "nothing" },
      { toJSON: () => new Uint8Array(1) },
      [{ toJSON: () => ({ deep: [new ArrayBuffer(1)] }) }],
      { toJSON: () => innerSelf },
      { toJSON: () => ({ child: innerSelf }) },
      Object.create({ inherited: new Uint8Array(1) }),
    ];

    it("never misses binary that hasBinary finds, and is exact without toJSON", () => {
      for (const value of values) {
        if (hasBinary(value)) expect(browserMayHoldBinary(value), String(value)).to.equal(true);
      }
      expect(browserMayHoldBinary(["a", 1, { b: [null, { c: "x" }] }])).to.equal(false);
      expect(browserMayHoldBinary(Object.create({ inherited: new Uint8Array(1) }))).to.equal(false);
      expect(browserMayHoldBinary(["a", { b: [new Uint16Array(1)] }])).to.equal(true);
    });

    it("so the encoder's output is the same with either check", () => {
      const encode = (data: unknown, check: (value: unknown) => boolean) => {
        const buffers: unknown[] = [];
        return [JSON.stringify(data, check(data) ? binaryReplacer(buffers) : undefined), buffers];
      };
      for (const value of values) expect(encode(value, browserMayHoldBinary)).to.deep.equal(encode(value, hasBinary));
    });
  });

  describe("deconstructPacket / reconstructPacket", () => {
    it("numbers placeholders depth first and round-trips to the same objects", () => {
      const a = new Uint8Array([1]);
      const b = Buffer.from([2]);
      const c = new ArrayBuffer(3);
      const packet: Packet = { type: PacketType.EVENT, nsp: "/x", id: 4, data: ["e", [a, { b }], { c, n: 1 }] };
      const { packet: flat, buffers } = deconstructPacket(packet);
      expect(buffers).to.have.length(3);
      expect(buffers[0]).to.equal(a);
      expect(buffers[1]).to.equal(b);
      expect(buffers[2]).to.equal(c);
      expect(flat).to.deep.equal({
        type: PacketType.EVENT,
        nsp: "/x",
        id: 4,
        attachments: 3,
        data: ["e", [{ _placeholder: true, num: 0 }, { b: { _placeholder: true, num: 1 } }], { c: { _placeholder: true, num: 2 }, n: 1 }],
      });
      // The input is untouched.
      expect((packet.data as unknown[])[1]).to.deep.equal([a, { b }]);
      const back = reconstructPacket(JSON.parse(JSON.stringify(flat)), buffers);
      expect(back).to.deep.equal({ type: PacketType.EVENT, nsp: "/x", id: 4, data: ["e", [a, { b }], { c, n: 1 }] });
      const data = back.data as [string, [Uint8Array, { b: Buffer }], { c: ArrayBuffer }];
      expect(data[1][0]).to.equal(a);
      expect(data[1][1].b).to.equal(b);
      expect(data[2].c).to.equal(c);
    });

    it("gives a packet without binary zero attachments and equal data", () => {
      const { packet, buffers } = deconstructPacket({ type: PacketType.EVENT, nsp: "/", data: ["a", { b: [1] }] });
      expect(buffers).to.deep.equal([]);
      expect(packet).to.deep.equal({ type: PacketType.EVENT, nsp: "/", attachments: 0, data: ["a", { b: [1] }] });
      expect(reconstructPacket(packet, buffers)).to.deep.equal({ type: PacketType.EVENT, nsp: "/", data: ["a", { b: [1] }] });
    });

    it("rejects a buffer count that differs from the announced attachments", () => {
      const packet: Packet = { type: PacketType.EVENT, nsp: "/", attachments: 2, data: ["a", { _placeholder: true, num: 0 }] };
      expect(() => reconstructPacket(packet, [new Uint8Array(1)])).to.throw(DecodeError, /announces 2 attachments but 1 were given/);
    });

    it('cannot be tricked into setting a prototype through a "__proto__" key', () => {
      const decoder = new Decoder();
      decoder.add('51-["a",{"__proto__":{"_placeholder":true,"num":0}}]');
      const buf = new Uint8Array([7]);
      const packet = decoder.add(buf)!;
      const obj = (packet.data as unknown[])[1] as object;
      expect(Object.getPrototypeOf(obj)).to.equal(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(obj, "__proto__")?.value).to.equal(buf);
    });

    it("survives deeply nested placeholders without overflowing the stack", () => {
      const depth = 50_000;
      // The default maxNestingDepth (1000) refuses this; lifted to test the walker itself.
      const decoder = new StrictDecoder({ maxNestingDepth: Infinity });
      decoder.add('51-["deep",' + "[".repeat(depth) + '{"_placeholder":true,"num":0}' + "]".repeat(depth) + "]");
      const buf = new Uint8Array([1]);
      const packet = decoder.add(buf)!;
      let node: unknown = (packet.data as unknown[])[1];
      for (let i = 0; i < depth; i++) node = (node as unknown[])[0];
      expect(node).to.equal(buf);
    });
  });
});

import { expect } from "chai";
import { Encoder, Decoder as ParserDecoder } from "socket.io-parser";
import { encodePacket } from "../../lib/protocol/encoder.js";
import { Decoder } from "../../lib/protocol/decoder.js";
import { StrictDecoder } from "../../lib/protocol/strict-decoder.js";
import { PacketType, type Packet } from "../../lib/protocol/packet.js";

interface CorpusEntry {
  name: string;
  /** Built fresh per test so no encoder can leak mutations into another test. */
  packet: () => Packet;
  /** The text message expected on the wire (checked against socket.io-parser too). */
  wire: string;
  /** The decoded form when it differs from the input (toJSON, Date, undefined). */
  decoded?: () => Packet;
}

const bytes = (...values: number[]) => Uint8Array.from(values);
const shared = Buffer.from([9, 9]);

const corpus: CorpusEntry[] = [
  { name: "CONNECT /", packet: () => ({ type: PacketType.CONNECT, nsp: "/" }), wire: "0" },
  {
    name: "CONNECT /admin with auth",
    packet: () => ({ type: PacketType.CONNECT, nsp: "/admin", data: { token: "x" } }),
    wire: '0/admin,{"token":"x"}',
  },
  { name: "CONNECT reply", packet: () => ({ type: PacketType.CONNECT, nsp: "/", data: { sid: "abc" } }), wire: '0{"sid":"abc"}' },
  {
    name: "CONNECT reply with pid on a namespace",
    packet: () => ({ type: PacketType.CONNECT, nsp: "/chat", data: { sid: "s1", pid: "p1" } }),
    wire: '0/chat,{"sid":"s1","pid":"p1"}',
  },
  { name: "CONNECT /admin without data", packet: () => ({ type: PacketType.CONNECT, nsp: "/admin" }), wire: "0/admin," },
  { name: "DISCONNECT /", packet: () => ({ type: PacketType.DISCONNECT, nsp: "/" }), wire: "1" },
  { name: "DISCONNECT /admin", packet: () => ({ type: PacketType.DISCONNECT, nsp: "/admin" }), wire: "1/admin," },
  { name: "EVENT", packet: () => ({ type: PacketType.EVENT, nsp: "/", data: ["chat", "hi"] }), wire: '2["chat","hi"]' },
  {
    name: "EVENT with ack id on a namespace",
    packet: () => ({ type: PacketType.EVENT, nsp: "/admin", id: 7, data: ["ask", 1] }),
    wire: '2/admin,7["ask",1]',
  },
  { name: "EVENT with ack id 0", packet: () => ({ type: PacketType.EVENT, nsp: "/", id: 0, data: ["a"] }), wire: '20["a"]' },
  {
    name: "EVENT with the largest safe ack id",
    packet: () => ({ type: PacketType.EVENT, nsp: "/", id: Number.MAX_SAFE_INTEGER, data: ["a"] }),
    wire: `2${Number.MAX_SAFE_INTEGER}["a"]`,
  },
  {
    name: "EVENT with nested plain values",
    packet: () => ({
      type: PacketType.EVENT,
      nsp: "/",
      data: ["state", { a: [1, 2.5, -3e-7], b: { c: null, d: true, e: false } }, [], {}, 0, ""],
    }),
    wire: '2["state",{"a":[1,2.5,-3e-7],"b":{"c":null,"d":true,"e":false}},[],{},0,""]',
  },
  {
    name: "EVENT with unicode",
    packet: () => ({ type: PacketType.EVENT, nsp: "/", data: ["émoji 🎉", "\u2028\u2029", "中文", { ключ: "значение" }] }),
    wire: '2["émoji 🎉","\u2028\u2029","中文",{"ключ":"значение"}]',
  },
  {
    name: "EVENT with quotes and escapes",
    packet: () => ({ type: PacketType.EVENT, nsp: "/", data: ['say "hi"', "back\\slash", "tab\tnew\nline", "\u0000"] }),
    wire: '2["say \\"hi\\"","back\\\\slash","tab\\tnew\\nline","\\u0000"]',
  },
  {
    name: "EVENT on a unicode namespace",
    packet: () => ({ type: PacketType.EVENT, nsp: "/ñame", data: ["x"] }),
    wire: '2/ñame,["x"]',
  },
  {
    name: "EVENT with a toJSON object",
    packet: () => ({ type: PacketType.EVENT, nsp: "/", data: ["obj", { toJSON: () => ({ x: 1 }) }] }),
    wire: '2["obj",{"x":1}]',
    decoded: () => ({ type: PacketType.EVENT, nsp: "/", data: ["obj", { x: 1 }] }),
  },
  {
    name: "EVENT with a Date and undefined values",
    packet: () => ({ type: PacketType.EVENT, nsp: "/", data: ["when", new Date(0), [undefined], { gone: undefined }] }),
    wire: '2["when","1970-01-01T00:00:00.000Z",[null],{}]',
    decoded: () => ({ type: PacketType.EVENT, nsp: "/", data: ["when", "1970-01-01T00:00:00.000Z", [null], {}] }),
  },
  { name: "ACK", packet: () => ({ type: PacketType.ACK, nsp: "/admin", id: 7, data: ["answer"] }), wire: '3/admin,7["answer"]' },
  { name: "ACK without arguments", packet: () => ({ type: PacketType.ACK, nsp: "/", id: 3, data: [] }), wire: "33[]" },
  {
    name: "CONNECT_ERROR object",
    packet: () => ({ type: PacketType.CONNECT_ERROR, nsp: "/nope", data: { message: "Invalid namespace" } }),
    wire: '4/nope,{"message":"Invalid namespace"}',
  },
  {
    name: "CONNECT_ERROR with data",
    packet: () => ({ type: PacketType.CONNECT_ERROR, nsp: "/", data: { message: "no", data: { code: 1 } } }),
    wire: '4{"message":"no","data":{"code":1}}',
  },
  {
    name: "CONNECT_ERROR string",
    packet: () => ({ type: PacketType.CONNECT_ERROR, nsp: "/", data: "Not authorized" }),
    wire: '4"Not authorized"',
  },
  {
    name: "binary: Buffer argument",
    packet: () => ({ type: PacketType.EVENT, nsp: "/", data: ["file", Buffer.from([1, 2, 3])] }),
    wire: '51-["file",{"_placeholder":true,"num":0}]',
  },
  {
    name: "binary: ArrayBuffer argument",
    packet: () => ({ type: PacketType.EVENT, nsp: "/", data: ["file", bytes(4, 5).buffer] }),
    wire: '51-["file",{"_placeholder":true,"num":0}]',
  },
  {
    name: "binary: Uint8Array in an object",
    packet: () => ({ type: PacketType.EVENT, nsp: "/", data: ["upload", { name: "a.png", body: bytes(1) }] }),
    wire: '51-["upload",{"name":"a.png","body":{"_placeholder":true,"num":0}}]',
  },
  {
    name: "binary: typed array view with an offset, and a DataView",
    packet: () => ({
      type: PacketType.EVENT,
      nsp: "/",
      data: ["views", new Float32Array([1, 2, 3, 4]).subarray(1, 3), new DataView(new ArrayBuffer(4))],
    }),
    wire: '52-["views",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
  },
  {
    name: "binary: several values nested in arrays and objects, depth first",
    packet: () => ({
      type: PacketType.EVENT,
      nsp: "/",
      data: ["deep", [bytes(1), { a: [bytes(2), { b: Buffer.from([3]) }] }], { c: bytes(4).buffer }],
    }),
    wire:
      '54-["deep",[{"_placeholder":true,"num":0},{"a":[{"_placeholder":true,"num":1},{"b":{"_placeholder":true,"num":2}}]}],' +
      '{"c":{"_placeholder":true,"num":3}}]',
  },
  {
    name: "binary: the same Buffer twice is sent twice",
    packet: () => ({ type: PacketType.EVENT, nsp: "/", data: ["twice", shared, shared] }),
    wire: '52-["twice",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
  },
  {
    name: "binary: ACK with id on a namespace",
    packet: () => ({ type: PacketType.ACK, nsp: "/admin", id: 12, data: [null, bytes(7)] }),
    wire: '61-/admin,12[null,{"_placeholder":true,"num":0}]',
  },
  {
    name: "binary: EVENT with ack id on a namespace",
    packet: () => ({ type: PacketType.EVENT, nsp: "/files", id: 3, data: ["put", bytes(1, 2)] }),
    wire: '51-/files,3["put",{"_placeholder":true,"num":0}]',
  },
  {
    name: "binary: toJSON returning binary, and toJSON hiding an object with binary",
    packet: () => ({
      type: PacketType.EVENT,
      nsp: "/",
      data: ["wrapped", { toJSON: () => shared }, { toJSON: () => ({ inner: bytes(8) }) }],
    }),
    wire: '52-["wrapped",{"_placeholder":true,"num":0},{"inner":{"_placeholder":true,"num":1}}]',
    decoded: () => ({ type: PacketType.EVENT, nsp: "/", data: ["wrapped", shared, { inner: bytes(8) }] }),
  },
  {
    name: "binary: a Date next to binary keeps its JSON form",
    packet: () => ({ type: PacketType.EVENT, nsp: "/", data: ["dated", new Date(0), bytes(1)] }),
    wire: '51-["dated","1970-01-01T00:00:00.000Z",{"_placeholder":true,"num":0}]',
    decoded: () => ({ type: PacketType.EVENT, nsp: "/", data: ["dated", "1970-01-01T00:00:00.000Z", bytes(1)] }),
  },
];

function parserEncode(packet: Packet): unknown[] {
  return new Encoder().encode(packet as never);
}

function parserDecode(messages: unknown[]): unknown[] {
  const decoder = new ParserDecoder();
  const out: unknown[] = [];
  decoder.on("decoded", (packet: unknown) => out.push(packet));
  for (const message of messages) decoder.add(message);
  return out;
}

/** Decodes with the client's Decoder, and checks the server's StrictDecoder decodes the same. */
function volleyDecode(messages: unknown[]): Packet[] {
  const results = [new Decoder(), new StrictDecoder()].map((decoder) => {
    const out: Packet[] = [];
    messages.forEach((message, i) => {
      const packet = decoder.add(message as string);
      if (i < messages.length - 1) expect(packet, `message ${i} completes no packet`).to.equal(undefined);
      else if (packet) out.push(packet);
    });
    return out;
  });
  expect(results[1], "StrictDecoder").to.deep.equal(results[0]);
  return results[0];
}

describe("protocol/codec: interop with socket.io-parser", () => {
  it("has a corpus covering every packet type", () => {
    const types = new Set(corpus.map((entry) => Number(entry.wire[0])));
    expect([...types].sort()).to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
  });

  for (const entry of corpus) {
    describe(entry.name, () => {
      it("encodes exactly like socket.io-parser", () => {
        const ours = encodePacket(entry.packet());
        const theirs = parserEncode(entry.packet());
        expect(ours[0]).to.equal(entry.wire);
        expect(ours.length).to.equal(theirs.length);
        ours.forEach((part, i) => {
          if (typeof part === "string") expect(part).to.equal(theirs[i]);
          else expect(part).to.deep.equal(theirs[i]);
        });
      });

      it("does not modify the packet it encodes", () => {
        const packet = entry.packet();
        const before = { ...packet };
        const args = Array.isArray(packet.data) ? [...packet.data] : undefined;
        encodePacket(packet);
        expect(packet).to.deep.equal(before);
        if (args) args.forEach((arg, i) => expect((packet.data as unknown[])[i]).to.equal(arg));
      });

      it("decodes socket.io-parser's output to the packet that was sent", () => {
        const decoded = volleyDecode(parserEncode(entry.packet()));
        const expected = (entry.decoded ?? entry.packet)();
        expect(decoded).to.deep.equal([expected]);
      });

      it("is decoded by socket.io-parser to the same packet volley decodes", () => {
        const wire = encodePacket(entry.packet());
        const theirs = parserDecode(wire);
        expect(theirs).to.deep.equal(volleyDecode(wire));
        expect(theirs).to.have.length(1);
      });
    });
  }

  it("hands binary attachments through as the same objects, in order", () => {
    const a = bytes(1);
    const b = Buffer.from([2]);
    const wire = encodePacket({ type: PacketType.EVENT, nsp: "/", data: ["x", { b }, a] });
    expect(wire[1]).to.equal(b);
    expect(wire[2]).to.equal(a);
    const [packet] = volleyDecode(wire);
    expect((packet.data as unknown[])[2]).to.equal(a);
    expect(((packet.data as unknown[])[1] as { b: unknown }).b).to.equal(b);
  });

  it("sends a Blob as an attachment like socket.io-parser", () => {
    const blob = new Blob(["hello"]);
    const packet = (): Packet => ({ type: PacketType.EVENT, nsp: "/", data: ["blob", blob] });
    const ours = encodePacket(packet());
    expect(ours).to.deep.equal(parserEncode(packet()));
    expect(ours[0]).to.equal('51-["blob",{"_placeholder":true,"num":0}]');
    expect(ours[1]).to.equal(blob);
  });

  it("sends a BINARY_EVENT packet without binary as a plain EVENT", () => {
    expect(encodePacket({ type: PacketType.BINARY_EVENT, nsp: "/", data: ["x", 1] })).to.deep.equal(['2["x",1]']);
    expect(encodePacket({ type: PacketType.BINARY_ACK, nsp: "/", id: 1, data: [] })).to.deep.equal(["31[]"]);
  });

  it("omits null data and ids like socket.io-parser", () => {
    const packet = { type: PacketType.CONNECT, nsp: "/", data: null } as Packet;
    expect(encodePacket(packet)).to.deep.equal(parserEncode(packet)).and.deep.equal(["0"]);
  });

  it("decodes several packets in a row, binary and text interleaved", () => {
    const decoder = new Decoder();
    const first = encodePacket({ type: PacketType.EVENT, nsp: "/", data: ["a", bytes(1), bytes(2)] });
    expect(decoder.add(first[0] as string)).to.equal(undefined);
    expect(decoder.add(first[1] as Uint8Array)).to.equal(undefined);
    expect(decoder.add(first[2] as Uint8Array)).to.deep.equal({ type: PacketType.EVENT, nsp: "/", data: ["a", bytes(1), bytes(2)] });
    expect(decoder.add('2["b"]')).to.deep.equal({ type: PacketType.EVENT, nsp: "/", data: ["b"] });
  });

  it("reset() drops a half-received binary packet", () => {
    const decoder = new Decoder();
    decoder.add('52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    decoder.add(bytes(1));
    decoder.reset();
    expect(decoder.add('2["b"]')).to.deep.equal({ type: PacketType.EVENT, nsp: "/", data: ["b"] });
  });

  it("accepts exactly maxAttachments and a namespace of exactly maxNamespaceLength", () => {
    const decoder = new StrictDecoder({ maxAttachments: 2, maxNamespaceLength: 4 });
    expect(decoder.add('52-/abc,["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]')).to.equal(undefined);
    decoder.add(bytes(1));
    expect(decoder.add(bytes(2))).to.deep.equal({ type: PacketType.EVENT, nsp: "/abc", data: ["a", bytes(1), bytes(2)] });
  });
});

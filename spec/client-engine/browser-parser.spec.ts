/**
 * client/engine/parser.ts, the browser bundles' Engine.IO packet codec (Node
 * keeps engine.io-parser through parser.node.ts): it must read and write
 * exactly what engine.io-parser's browser build does. Binary over polling
 * (FileReader) is covered end to end by spec/bundle/min-bundle-client.spec.ts
 * and the Chromium specs in spec/browser.
 */
import { expect } from "chai";
import { decodePacket as referenceDecode, encodePacket as referenceEncode, type Packet } from "engine.io-parser";
import { decodePacket, encodePacket } from "../../client/engine/parser.js";

function encoded(encode: typeof encodePacket, packet: Packet, supportsBinary: boolean): unknown {
  let out: unknown;
  encode(packet, supportsBinary, (data) => (out = data));
  return out;
}

describe("client engine: the browser bundles' packet codec (parser.ts)", () => {
  it("decodes every packet type, with and without data, as engine.io-parser does", () => {
    for (const text of ["0{\"sid\":\"x\"}", "1", "2", "2probe", "3", "3probe", "4", "4hello", "4é€😀", "5", "6", "7", "x", "", "40/admin,{}", "4\x1e"]) {
      expect(decodePacket(text, "arraybuffer"), JSON.stringify(text)).to.deep.equal(referenceDecode(text, "arraybuffer"));
    }
  });

  it('decodes "b" + base64 and binary frames as ArrayBuffer, or Blob for binaryType "blob"', async () => {
    const fromBase64 = decodePacket("bAQID", "arraybuffer");
    expect(fromBase64.type).to.equal("message");
    expect([...new Uint8Array(fromBase64.data as ArrayBuffer)]).to.deep.equal([1, 2, 3]);
    expect(decodePacket("b", "arraybuffer").data).to.be.instanceOf(ArrayBuffer);
    const frame = new Uint8Array([9, 8]).buffer;
    expect(decodePacket(frame, "arraybuffer")).to.deep.equal({ type: "message", data: frame });
    const blob = decodePacket("bAQID", "blob").data as Blob;
    expect(blob).to.be.instanceOf(Blob);
    expect([...new Uint8Array(await blob.arrayBuffer())]).to.deep.equal([1, 2, 3]);
    expect(() => decodePacket("b!!", "arraybuffer")).to.throw();
  });

  it("encodes text packets and binary for a binary transport as engine.io-parser does", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const packets: Packet[] = [
      { type: "open" },
      { type: "ping", data: "probe" },
      { type: "pong" },
      { type: "message", data: "hi é" },
      { type: "message", data: "" },
      { type: "upgrade" },
      { type: "close" },
      { type: "noop" },
      { type: "message", data: bytes.buffer },
      { type: "message", data: bytes },
    ];
    for (const packet of packets) {
      expect(encoded(encodePacket, packet, true), JSON.stringify(packet)).to.deep.equal(encoded(referenceEncode as typeof encodePacket, packet, true));
    }
    expect(encoded(encodePacket, { type: "message", data: "x" }, false)).to.equal("4x");
  });
});

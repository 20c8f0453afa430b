/**
 * The pre-framer for broadcast text frames (lib/engine/transports/text-frame.ts) against ws's own
 * framing, byte for byte: ws's `Sender.frame` with the options ws uses for a server text message
 * (fin, opcode 1, no mask, no rsv1), at every length boundary of the header (125/126, 65535/65536)
 * and for multi-byte UTF-8.
 */
import { expect } from "chai";
import { createRequire } from "node:module";
import { textFrame, textFramePayload } from "../../lib/engine/transports/text-frame.js";

const require = createRequire(import.meta.url);
// ws exports its Sender class (the one that frames every message it sends) on the main module.
const { Sender } = require("ws") as { Sender: { frame(data: Buffer, options: object): Buffer[] } };

function wsFrame(payload: string): Buffer {
  const data = Buffer.from(payload, "utf8");
  return Buffer.concat(Sender.frame(data, { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false }));
}

describe("engine: pre-framed text frames", () => {
  // Payload byte lengths (the "4" prefix included) around each header size change.
  const lengths = [1, 2, 125, 126, 127, 65535, 65536, 65537, 70000];

  for (const length of lengths) {
    it(`matches ws's framing for a ${length}-byte payload`, () => {
      const data = "x".repeat(length - 1);
      const frame = textFrame("4", data);
      expect(frame.equals(wsFrame("4" + data))).to.equal(true);
      expect(textFramePayload(frame).toString("utf8")).to.equal("4" + data);
    });
  }

  it("counts UTF-8 bytes, not characters, in the length", () => {
    // 63 × "é" (2 bytes) + "4" = 127 bytes, so a 16-bit length although only 64 characters.
    const data = "é".repeat(63);
    const frame = textFrame("4", data);
    expect(frame.equals(wsFrame("4" + data))).to.equal(true);
    expect(frame[1]).to.equal(126);
    expect(textFramePayload(frame).toString("utf8")).to.equal("4" + data);
  });

  it("frames astral characters (surrogate pairs) as ws does", () => {
    const data = '2["tick","🎉 ok"]';
    expect(textFrame("4", data).equals(wsFrame("4" + data))).to.equal(true);
  });
});

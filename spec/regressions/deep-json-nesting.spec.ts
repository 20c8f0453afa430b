/**
 * Bug: `42["echo",[[[[…100k levels…]]]]]` decoded fine (JSON.parse does not
 * recurse), then overflowed the stack of the first recursive walker: the
 * encoder's binary detection when the app echoed it, or the app's own
 * JSON.stringify. Fixed: the decoder refuses payloads nested deeper than
 * maxNestingDepth (default 1000): "parse error" for that connection only.
 */
import { expect } from "chai";
import { StrictDecoder as Decoder } from "../../lib/protocol/strict-decoder.js";
import { DecodeError } from "../../lib/protocol/errors.js";
import { resolveServerOptions } from "../../lib/options.js";

describe("regression: deeply nested JSON is refused by the decoder", () => {
  const nested = (depth: number): string => "[".repeat(depth) + "]".repeat(depth);

  it("refuses a payload deeper than maxNestingDepth", () => {
    expect(() => new Decoder().add(`2["e",${nested(100_000)}]`)).to.throw(DecodeError, /nested deeper than 1000/);
    expect(() => new Decoder({ maxNestingDepth: 5 }).add(`2["e",${nested(5)}]`)).to.throw(DecodeError, /deeper than 5/);
  });

  it("accepts depth up to the limit, and ignores brackets inside strings", () => {
    expect(new Decoder({ maxNestingDepth: 5 }).add(`2["e",${nested(4)}]`)).to.have.property("type", 2);
    const text = JSON.stringify(["e", "[".repeat(50) + '\\"[[[', { a: [{ b: "]]]]" }] }]);
    expect(new Decoder({ maxNestingDepth: 4 }).add(`2${text}`)).to.deep.equal({ type: 2, nsp: "/", data: JSON.parse(text) });
  });

  it("is a server option with default 1000", () => {
    expect(resolveServerOptions({}).maxNestingDepth).to.equal(1000);
    expect(resolveServerOptions({ maxNestingDepth: 50 }).maxNestingDepth).to.equal(50);
  });
});

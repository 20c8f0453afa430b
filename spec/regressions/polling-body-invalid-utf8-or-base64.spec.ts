/**
 * Bug: a polling POST with invalid UTF-8 bytes or a `b` record with malformed
 * base64 was answered 200: the bytes were silently replaced (U+FFFD) or
 * dropped (Buffer's lenient base64), where a WebSocket closes with 1007. Fixed:
 * 400 and the session closes with "parse error".
 */
import { expect } from "chai";
import { startEngine, rawRequest, pollingHandshake, type TestEngine } from "../support/engine-helpers.js";
import { until } from "../support/server-helpers.js";

describe("regression: polling bodies with invalid UTF-8 or malformed base64", () => {
  let t: TestEngine;

  beforeEach(async () => {
    t = await startEngine();
  });

  afterEach(async () => {
    await t.close();
  });

  const bodies: Array<[string, Buffer]> = [
    ["invalid UTF-8", Buffer.from([0x34, 0xc3, 0x28])],
    ["malformed base64", Buffer.from("bAQID$$", "latin1")],
    ["malformed base64 after a valid record", Buffer.from("4ok\x1ebA=A=", "latin1")],
  ];
  for (const [label, body] of bodies) {
    it(`${label}: 400 and "parse error"`, async () => {
      const { sid } = await pollingHandshake(t);
      let reason = "";
      t.engine.clients.get(sid)!.on("close", (r) => (reason = r));
      const answer = await rawRequest(t.port, "POST", t.path(`EIO=4&transport=polling&sid=${sid}`), { body });
      expect(answer.status).to.equal(400);
      await until(() => reason !== "");
      expect(reason).to.equal("parse error");
    });
  }

  it("valid base64 (empty included) and multi-byte UTF-8 are still accepted", async () => {
    const { sid } = await pollingHandshake(t);
    const messages: Array<string | Buffer> = [];
    t.engine.clients.get(sid)!.on("message", (m) => messages.push(m));
    const body = Buffer.from("4héllo ✓\x1ebAQID\x1eb", "utf8");
    const answer = await rawRequest(t.port, "POST", t.path(`EIO=4&transport=polling&sid=${sid}`), { body });
    expect(answer.status).to.equal(200);
    expect(messages[0]).to.equal("héllo ✓");
    expect([...(messages[1] as Buffer)]).to.deep.equal([1, 2, 3]);
    expect((messages[2] as Buffer).length).to.equal(0);
  });
});

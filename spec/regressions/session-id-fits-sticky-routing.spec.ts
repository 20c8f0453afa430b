/**
 * Regression: volley's default engine session ids were 21 characters (nanoid's
 * default); @socket.io/sticky routes a request to its worker by matching
 * `sid=([\w-]{20})`, so with 21 it routed on a 20-character prefix that no
 * session had and polling requests landed on a random worker ("Session ID
 * unknown", HTTP 400). Ids are now 20 characters of that alphabet, like
 * engine.io's, and a wrong-worker request still gets the sticky-sessions hint.
 */
import { expect } from "chai";
import { pollingHandshake, rawRequest, startEngine } from "../support/engine-helpers.js";

const STICKY_SID = /sid=([\w-]{20})/;

describe("regression: default session ids fit @socket.io/sticky's routing", () => {
  it("every default sid is 20 characters of [\\w-], all different, and sticky's regex takes it whole", async () => {
    const t = await startEngine();
    try {
      const sids = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const { sid } = await pollingHandshake(t);
        expect(sid).to.match(/^[\w-]{20}$/);
        const query = `EIO=4&transport=polling&sid=${sid}`;
        expect(STICKY_SID.exec(query)?.[1]).to.equal(sid);
        sids.add(sid);
      }
      expect(sids.size).to.equal(20);
    } finally {
      await t.close();
    }
  });

  it("a request with a sid this process does not know is answered 400 'Session ID unknown'", async () => {
    const t = await startEngine();
    try {
      const res = await rawRequest(t.port, "GET", t.path("EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA"));
      expect(res.status).to.equal(400);
      expect(JSON.parse(res.body)).to.deep.equal({ code: 1, message: "Session ID unknown" });
    } finally {
      await t.close();
    }
  });
});

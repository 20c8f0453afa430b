/**
 * Fuzzing the engine's inputs, offline and against a running server: polling
 * POST bodies (payloadProblem + engine.io-parser), handshake query strings,
 * and raw WebSocket frames. Nothing may throw out of the library, every HTTP
 * request gets an answer with a documented status, every attacked session
 * ends or goes on cleanly, and the arena's well-behaved clients never notice.
 */
import { expect } from "chai";
import fc from "fast-check";
import type { IncomingMessage } from "node:http";
import { decodePayload } from "engine.io-parser";
import { payloadProblem } from "../../lib/engine/transports/polling-body.js";
import { checkRequest, requestQuery } from "../../lib/engine/handshake.js";
import { resolveEngineOptions } from "../../lib/engine/options.js";
import { eachQueryParameter } from "../../lib/engine/query-string.js";
import { buildHandshake } from "../../lib/handshake-info.js";
import { encodePacket } from "../../lib/protocol/encoder.js";
import { httpCall, pollingHandshake, rawWebSocket, startArena, waitUntil, type Arena } from "../hardening/support.js";
import { fuzz, fuzzAsync, mutated, validPacket } from "./support.js";
import { failOnProcessErrors } from "../support/tripwire.js";

const SEPARATOR = "\x1e";

/** A valid polling payload: engine packets (messages with Socket.IO packets, pongs, noops, base64 binaries) joined by \x1e. */
const validPayload: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      validPacket.map((p) => "4" + (encodePacket(p)[0] as string)),
      fc.constantFrom("3", "6", "1"),
      fc.uint8Array({ maxLength: 20 }).map((bytes) => "b" + Buffer.from(bytes).toString("base64")),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((packets) => packets.join(SEPARATOR));

const body: fc.Arbitrary<Buffer> = fc.oneof(
  validPayload.map((s) => Buffer.from(s)),
  mutated(validPayload).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ maxLength: 60, unit: "binary" }).map((s) => Buffer.from(s)),
);

/** A query string built from engine parameters (valid, repeated, wrong or missing) and noise. */
const query: fc.Arbitrary<string> = fc.oneof(
  mutated(fc.constantFrom("EIO=4&transport=polling", "EIO=4&transport=websocket", "EIO=4&transport=polling&t=abc")),
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom("EIO", "transport", "sid", "t", "j", "b64", "__proto__", "constructor"), fc.string({ maxLength: 6 })),
        fc.oneof(fc.constantFrom("4", "3", "polling", "websocket", "", "%", "%ZZ", "%00"), fc.string({ maxLength: 8 })),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("&")),
  fc.string({ maxLength: 30 }),
);

/** `q` with lone surrogates replaced (encodeURI refuses them; String#toWellFormed is not in Node 20's typings). */
function wellFormed(q: string): string {
  return q.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

/** What an engine request may be answered with: 200 (handshake), 400 (code 0/1/2/3/5), 403 (code 4). */
const DOCUMENTED_STATUSES = [200, 400, 403];

describe("fuzz: engine input", function () {
  this.timeout(60000);
  failOnProcessErrors();

  describe("offline", () => {
    it("payloadProblem and engine.io-parser's decodePayload never throw on any body", () => {
      fuzz(
        fc.property(body, (bytes) => {
          const problem = payloadProblem(bytes);
          if (problem === null) {
            const packets = decodePayload(bytes.toString("utf8"));
            expect(packets.length).to.be.greaterThan(0);
          } else expect(problem).to.be.a("string");
        }),
        3000,
      );
    });

    it("every valid payload passes payloadProblem and decodes without an error packet", () => {
      fuzz(
        fc.property(validPayload, (payload) => {
          expect(payloadProblem(Buffer.from(payload))).to.equal(null);
          const packets = decodePayload(payload);
          expect(packets.map((p) => p.type)).not.to.include("error");
          expect(packets).to.have.length(payload.split(SEPARATOR).length);
        }),
        1000,
      );
    });

    it("requestQuery and checkRequest never throw, and accept only an unambiguous EIO=4 with an enabled transport", () => {
      const opts = resolveEngineOptions({});
      fuzz(
        fc.property(query, fc.option(fc.string({ maxLength: 10, unit: "binary" }), { nil: undefined }), (q, origin) => {
          const req = { url: "/socket.io/?" + q, headers: origin === undefined ? {} : { origin } } as unknown as IncomingMessage;
          const parsed = requestQuery(req);
          const refusal = checkRequest(opts, req, parsed);
          if (refusal === null) {
            expect(parsed.EIO).to.equal("4");
            expect(["polling", "websocket"]).to.include(parsed.transport);
            expect(new URLSearchParams(q).getAll("EIO")).to.have.length(1);
          } else expect([0, 3, 5]).to.include(refusal.code);
        }),
        3000,
      );
    });
    it("requestQuery reads a query exactly as URLSearchParams does (its hand-split fast path included)", () => {
      const opts = resolveEngineOptions({});
      const piece = fc.oneof(
        fc.constantFrom("EIO", "transport", "sid", "=", "&", "?", "+", "%", "%2", "%20", "%zz", "%C3%A9", "é", "a", "4"),
        fc.string({ maxLength: 6, unit: "binary" }),
      );
      fuzz(
        fc.property(fc.oneof(query, fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(""))), (q) => {
          const req = { url: "/socket.io/?" + q, headers: {} } as unknown as IncomingMessage;
          const expected: Record<string, string> = {};
          const params = new URLSearchParams(q);
          for (const [key, value] of params) expected[key] = value;
          expect(requestQuery(req)).to.deep.equal(expected);
          const repeated = ["EIO", "transport", "sid"].some((key) => params.getAll(key).length > 1);
          expect(checkRequest(opts, req, requestQuery(req))?.context.name === "REPEATED_QUERY_PARAMETER").to.equal(repeated);
        }),
        3000,
      );
    });
    it("eachQueryParameter yields URLSearchParams' pairs, and socket.handshake.query groups them by name", () => {
      const piece = fc.oneof(
        fc.constantFrom("a", "b", "__proto__", "=", "&", "?", "+", "%", "%2", "%20", "%zz", "%C3%A9", "é", "x"),
        fc.string({ maxLength: 6, unit: "binary" }),
      );
      fuzz(
        fc.property(fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")), (q) => {
          const pairs: [string, string][] = [];
          eachQueryParameter(q, (name, value, out) => out.push([name, value]), pairs);
          expect(pairs).to.deep.equal([...new URLSearchParams(q)]);
          const grouped: Record<string, string | string[]> = {};
          for (const [name, value] of pairs) {
            const previous = Object.hasOwn(grouped, name) ? grouped[name] : undefined;
            const next = previous === undefined ? value : ([] as string[]).concat(previous, value);
            Object.defineProperty(grouped, name, { value: next, writable: true, enumerable: true, configurable: true });
          }
          const request = { url: "/socket.io/?" + q, headers: {} } as unknown as IncomingMessage;
          const query = buildHandshake(request, "", {}).query;
          expect(Object.keys(query)).to.deep.equal(Object.keys(grouped));
          for (const name of Object.keys(grouped)) expect(query[name]).to.deep.equal(grouped[name]);
        }),
        2000,
      );
    });
  });

  describe("against a running server", () => {
    let arena: Arena;

    beforeEach(async () => {
      arena = await startArena();
    });

    afterEach(async () => {
      await arena.close();
    });

    it("random handshake queries are answered with a documented status and code", async () => {
      await fuzzAsync(
        fc.asyncProperty(query, fc.constantFrom("GET", "POST"), async (q, method) => {
          const { status, body: text } = await httpCall(arena.port, method, "/socket.io/?" + encodeURI(wellFormed(q)).replace(/#/g, "%23"));
          expect(DOCUMENTED_STATUSES).to.include(status);
          if (status === 200) expect(text[0]).to.equal("0");
          else expect(JSON.parse(text)).to.have.keys("code", "message");
        }),
        150,
      );
      // the sessions opened by accepted handshakes end on their ping timeout
      await waitUntil(() => arena.srv.io.engine.clients.size === 2, 10000);
      await arena.assertGoodClientsUnharmed();
    });

    it("random POST bodies into a live polling session are answered 200 or 400, and the session then goes on or is closed", async () => {
      await fuzzAsync(
        fc.asyncProperty(body, async (bytes) => {
          const sid = await pollingHandshake(arena.port);
          const { status } = await httpCall(arena.port, "POST", `/socket.io/?EIO=4&transport=polling&sid=${sid}`, bytes, {
            "content-type": "text/plain;charset=UTF-8",
          });
          expect([200, 400]).to.include(status);
          // a refused body closes the session at once; one taken leaves it open (it ends on its ping timeout)
          if (status === 400) expect(arena.srv.io.engine.clients.has(sid)).to.equal(false);
        }),
        150,
      );
      // the sessions that took their body end on their ping timeout: nothing is left behind
      await waitUntil(() => arena.srv.io.engine.clients.size === 2, 10000);
      await arena.assertGoodClientsUnharmed();
    });

    it("random WebSocket frames end the attacker's session at worst; its socket and session are then released", async () => {
      const frame = fc.oneof(
        validPacket.map((p) => "4" + (encodePacket(p)[0] as string)),
        mutated(validPacket.map((p) => "4" + (encodePacket(p)[0] as string))),
        fc.string({ maxLength: 30 }),
        fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b)),
        fc.constantFrom("2", "3", "5", "6", "1", "2probe", "4", ""),
      );
      const baseline = arena.srv.io.engine.clients.size;
      await fuzzAsync(
        fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 8 }), async (frames) => {
          const attacker = await rawWebSocket(arena.port, { connect: true });
          for (const f of frames) attacker.ws.send(f);
          // an echo round trip proves the server read everything before: still open or already closed
          // ("40" first: the frames may have left "/", and a second CONNECT is only refused)
          attacker.ws.send("440");
          attacker.ws.send('42["echo","x"]');
          await Promise.race([attacker.closed, waitUntil(() => attacker.frames.some((f) => f.startsWith('42["push"')), 3000)]);
          attacker.ws.close();
          const code = await attacker.closed;
          expect([1000, 1005, 1006, 1009]).to.include(code);
        }),
        120,
      );
      await waitUntil(() => arena.srv.io.engine.clients.size === baseline);
      expect(arena.srv.io.of("/").sockets.size).to.equal(baseline);
      await arena.assertGoodClientsUnharmed();
    });
  });
});

/**
 * Bug: a polling POST whose body never completes (Content-Length larger than
 * what is sent, or a chunked body without its last chunk) held the request
 * until the heartbeat killed the session (pingInterval + pingTimeout, 45 s by
 * default). Fixed: postBodyTimeout (default pingTimeout) answers 408 and closes
 * that session with "transport error".
 */
import { expect } from "chai";
import { connect as netConnect } from "node:net";
import { resolveEngineOptions } from "../../lib/engine/options.js";
import { startServer, until, type TestServer } from "../support/server-helpers.js";
import { pollingHandshake } from "../hardening/support.js";

describe("regression: a POST body that never ends is bounded by postBodyTimeout", () => {
  let srv: TestServer | undefined;

  afterEach(async () => {
    await srv?.close();
    srv = undefined;
  });

  it("defaults to pingTimeout, and may be set on its own", () => {
    expect(resolveEngineOptions({}).postBodyTimeout).to.equal(20000);
    expect(resolveEngineOptions({ pingTimeout: 5000 }).postBodyTimeout).to.equal(5000);
    expect(resolveEngineOptions({ postBodyTimeout: 42 }).postBodyTimeout).to.equal(42);
  });

  for (const framing of ["Content-Length: 100", "Transfer-Encoding: chunked"]) {
    it(`${framing}: 408, the session closes with "transport error" before the heartbeat would`, async () => {
      // The heartbeat alone would take 5 s here.
      srv = await startServer({ name: "polling", transports: ["polling"] }, { pingInterval: 3000, pingTimeout: 2000, postBodyTimeout: 200 });
      const sid = await pollingHandshake(srv.port);
      let reason = "";
      srv.io.engine.clients.get(sid)!.on("close", (r) => (reason = r));
      const socket = netConnect(srv.port, "127.0.0.1");
      socket.on("error", () => {});
      let answer = "";
      socket.on("data", (c: Buffer) => (answer += c.toString("latin1")));
      socket.write(`POST /socket.io/?EIO=4&transport=polling&sid=${sid} HTTP/1.1\r\nHost: x\r\n${framing}\r\n\r\n`);
      socket.write(framing.startsWith("Content") ? "4hi" : "3\r\n4hi\r\n");
      await until(() => reason !== "", 1500);
      expect(reason).to.equal("transport error");
      await until(() => answer.length > 0, 1000);
      expect(answer).to.match(/^HTTP\/1\.1 408/);
      socket.destroy();
    });
  }
});

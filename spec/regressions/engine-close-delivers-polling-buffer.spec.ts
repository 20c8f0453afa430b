/**
 * Regression: io.close() / engine.close() lost what a polling session still
 * had to send (e.g. the acks of messages the app had just handled) when no
 * GET was held at that moment: the write buffer was dropped, and the
 * client's next GET found no session ("Session ID unknown"). Now the buffer
 * rides with the close packet on that GET, and close() waits (at most 1 s)
 * for it before the HTTP server stops listening. Found by
 * spec/faults/close-under-load.spec.ts (55 of ~2000 acks lost).
 */
import { expect } from "chai";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Engine } from "../../lib/engine/index.js";
import { httpCall } from "../hardening/support.js";

describe("regression: engine.close() delivers a polling session's buffer on its next GET", () => {
  it("the last GET gets the buffered message, then the close packet; close() resolves after it", async () => {
    const httpServer = createServer();
    const engine = new Engine({ pingInterval: 10000, pingTimeout: 10000 });
    engine.attach(httpServer);
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    const port = (httpServer.address() as AddressInfo).port;
    try {
      const { body } = await httpCall(port, "GET", "/engine.io/?EIO=4&transport=polling");
      const sid = (JSON.parse(body.slice(1)) as { sid: string }).sid;
      // no GET is held: the message waits in the session's buffer
      engine.clients.get(sid)!.send("last words");
      let closed = false;
      const closing = engine.close().then(() => (closed = true));
      expect(engine.clients.size).to.equal(0);
      const last = await httpCall(port, "GET", `/engine.io/?EIO=4&transport=polling&sid=${sid}`);
      expect(last).to.deep.equal({ status: 200, body: "4last words\x1e1" });
      await closing;
      expect(closed).to.equal(true);
      // once collected, the sid is unknown like any other closed one
      const after = await httpCall(port, "GET", `/engine.io/?EIO=4&transport=polling&sid=${sid}`);
      expect(after.status).to.equal(400);
    } finally {
      httpServer.close();
    }
  });
});

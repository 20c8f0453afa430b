/**
 * Bug: `?EIO=3&EIO=4` was accepted (the last value won) although a proxy or
 * a log may read the first one. Fixed: EIO, transport or sid given twice is
 * refused with code 3 (Bad request), on polling and on WebSocket upgrades.
 */
import { expect } from "chai";
import WebSocket from "ws";
import { startServer, type TestServer } from "../support/server-helpers.js";
import { httpCall } from "../hardening/support.js";

describe("regression: repeated engine query parameters are refused", () => {
  let srv: TestServer;

  beforeEach(async () => {
    srv = await startServer({ name: "upgrade", transports: ["polling", "websocket"] });
  });

  afterEach(async () => {
    await srv.close();
  });

  for (const query of ["EIO=3&EIO=4&transport=polling", "EIO=4&transport=websocket&transport=polling", "EIO=4&transport=polling&sid=a&sid=b"]) {
    it(`polling ?${query}: 400, code 3`, async () => {
      const { status, body } = await httpCall(srv.port, "GET", `/socket.io/?${query}`);
      expect(status).to.equal(400);
      expect(JSON.parse(body)).to.deep.equal({ code: 3, message: "Bad request" });
      expect(srv.io.engine.clientsCount).to.equal(0);
    });
  }

  it("a WebSocket upgrade with EIO twice is refused", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/socket.io/?EIO=3&EIO=4&transport=websocket`);
    const status = await new Promise<number>((resolve) => {
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("error", () => resolve(-1));
    });
    expect(status).to.equal(400);
    expect(srv.io.engine.clientsCount).to.equal(0);
  });

  it("single parameters still work", async () => {
    const { status } = await httpCall(srv.port, "GET", "/socket.io/?EIO=4&transport=polling&t=1&t=2");
    expect(status).to.equal(200);
  });
});

import { expect } from "chai";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { EngineConnectionError } from "../../lib/engine/index.js";
import { openRawWs, pollingHandshake, rawRequest, startEngine, type TestEngine } from "../support/engine-helpers.js";

describe("engine request errors", () => {
  let t: TestEngine;
  let errors: EngineConnectionError[];

  beforeEach(async () => {
    t = await startEngine({ transports: ["polling", "websocket"] });
    errors = [];
    t.engine.on("connection_error", (err) => errors.push(err));
  });
  afterEach(() => t.close());

  async function expectPollingError(method: string, query: string, code: number, message: string, status = 400, headers?: Record<string, string>) {
    const res = await rawRequest(t.port, method, t.path(query), { headers });
    expect(res.status).to.equal(status);
    expect(res.headers["content-type"]).to.equal("application/json");
    expect(JSON.parse(res.body)).to.deep.equal({ code, message });
    expect(errors).to.have.length(1);
    expect(errors[0]!.code).to.equal(code);
    expect(errors[0]!.message).to.equal(message);
    expect(errors[0]!.req.url).to.equal(t.path(query));
  }

  it("code 0 when the transport is missing", () => expectPollingError("GET", "EIO=4", 0, "Transport unknown"));
  it("code 0 when the transport is unknown", () => expectPollingError("GET", "EIO=4&transport=carrier-pigeon", 0, "Transport unknown"));
  it("code 1 when the sid is unknown", () => expectPollingError("GET", "EIO=4&transport=polling&sid=nope", 1, "Session ID unknown"));
  it("code 2 when the handshake is not a GET", () => expectPollingError("POST", "EIO=4&transport=polling", 2, "Bad handshake method"));
  it("code 3 for a websocket handshake without Upgrade", () =>
    expectPollingError("GET", "EIO=4&transport=websocket", 3, "Bad request"));
  it("code 3 for a bad Origin header (custom mounting)", async () => {
    // node:http refuses control characters in headers on the wire; a custom
    // mounting (or a proxy) can still hand one over, so inject it before handleRequest.
    const http = createServer((req, res) => {
      req.headers.origin = "http://a\x01b";
      t.engine.handleRequest(req, res);
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    try {
      const port = (http.address() as AddressInfo).port;
      const res = await rawRequest(port, "GET", t.path("EIO=4&transport=polling"));
      expect(res.status).to.equal(400);
      expect(JSON.parse(res.body)).to.deep.equal({ code: 3, message: "Bad request" });
      expect(errors[0]!.context.name).to.equal("INVALID_ORIGIN");
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });
  it("code 3 when the transport does not match the session", async () => {
    const { sid } = await pollingHandshake(t);
    await expectPollingError("GET", `EIO=4&transport=websocket&sid=${sid}`, 3, "Bad request");
    expect(errors[0]!.context.name).to.equal("TRANSPORT_MISMATCH");
  });
  it("code 5 when EIO is not 4", () => expectPollingError("GET", "EIO=3&transport=polling", 5, "Unsupported protocol version"));
  it("code 5 when EIO is missing", () => expectPollingError("GET", "transport=polling", 5, "Unsupported protocol version"));

  it("code 0 when the transport is not enabled", async () => {
    await t.close();
    t = await startEngine({ transports: ["websocket"] });
    errors = [];
    t.engine.on("connection_error", (err) => errors.push(err));
    await expectPollingError("GET", "EIO=4&transport=polling", 0, "Transport unknown");
  });

  describe("refused websocket upgrades: raw 400 then destroy", () => {
    async function expectRefusedUpgrade(query: string, code: number) {
      const err = await openRawWs(t, query).then(
        () => null,
        (e: Error & { status?: number }) => e,
      );
      expect(err, "upgrade should be refused").to.not.equal(null);
      expect(err!.status).to.equal(400);
      expect(errors.map((e) => e.code)).to.deep.equal([code]);
    }
    it("code 0 for a polling upgrade request", () => expectRefusedUpgrade("EIO=4&transport=nope", 0));
    it("code 1 for an unknown sid", () => expectRefusedUpgrade("EIO=4&transport=websocket&sid=nope", 1));
    it("code 3 when asking polling over an upgrade", () => expectRefusedUpgrade("EIO=4&transport=polling", 3));
    it("code 5 for EIO=3", () => expectRefusedUpgrade("EIO=3&transport=websocket", 5));
  });

  describe("the open packet", () => {
    it("over polling: exactly sid, upgrades, pingInterval, pingTimeout, maxPayload", async () => {
      const { open, res } = await pollingHandshake(t);
      expect(res.headers["content-type"]).to.equal("text/plain; charset=UTF-8");
      expect(Object.keys(open).sort()).to.deep.equal(["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"]);
      expect(open).to.include({ pingInterval: 25000, pingTimeout: 20000, maxPayload: 1e6 });
      expect(open.upgrades).to.deep.equal(["websocket"]);
      expect(open.sid).to.be.a("string").with.length.greaterThan(8);
      expect(t.engine.clients.has(open.sid as string)).to.equal(true);
    });

    it("over websocket: upgrades is empty", async () => {
      const raw = await openRawWs(t, "EIO=4&transport=websocket");
      const first = await raw.next();
      expect(first.isBinary).to.equal(false);
      const open = JSON.parse((first.data as string).slice(1));
      expect((first.data as string)[0]).to.equal("0");
      expect(open.upgrades).to.deep.equal([]);
      expect(Object.keys(open).sort()).to.deep.equal(["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"]);
      raw.ws.close();
    });

    it("reflects options and offers no upgrade when upgrades are off", async () => {
      await t.close();
      t = await startEngine({ pingInterval: 1234, pingTimeout: 567, maxHttpBufferSize: 4321, allowUpgrades: false });
      const { open } = await pollingHandshake(t);
      expect(open).to.include({ pingInterval: 1234, pingTimeout: 567, maxPayload: 4321 });
      expect(open.upgrades).to.deep.equal([]);
    });

    it("uses generateId, and refuses with code 3 when it fails", async () => {
      await t.close();
      let fail = false;
      t = await startEngine({ generateId: async () => { if (fail) throw new Error("boom"); return "custom-id"; } });
      errors = [];
      t.engine.on("connection_error", (err) => errors.push(err));
      const { sid } = await pollingHandshake(t);
      expect(sid).to.equal("custom-id");
      fail = true;
      await expectPollingError("GET", "EIO=4&transport=polling", 3, "Bad request");
      expect(errors[0]!.context.name).to.equal("ID_GENERATION_ERROR");
    });
  });
});

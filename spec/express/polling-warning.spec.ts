/** The once-per-Server warning when the middleware serves polling with no upgrade listener. */
import { expect } from "chai";
import { startExpress, pollingHandshake, type ExpressFixture } from "./support.js";
import { sleep, waitFor } from "../support/server-helpers.js";

describe("express: long-polling-only warning", function () {
  let fx: ExpressFixture | undefined;
  let warnings: string[];
  const originalWarn = console.warn;

  beforeEach(function () {
    warnings = [];
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(" "));
    };
  });

  afterEach(async function () {
    console.warn = originalWarn;
    await fx?.close();
    fx = undefined;
  });

  it("warns once, at the first polling handshake, and says how to fix it", async function () {
    fx = await startExpress("middleware-only");
    await fetch(`${fx.url}/socket.io/socket.io.js`).then((r) => r.arrayBuffer());
    expect(warnings).to.deep.equal([]); // a client file is not a handshake

    await pollingHandshake(fx.url);
    await pollingHandshake(fx.url);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include("long-polling").and.include("io.attach(server)");
  });

  it("is right: the client stays on polling, and messages still flow", async function () {
    fx = await startExpress("middleware-only");
    fx.io.on("connection", (socket) => socket.on("echo", (v: string, ack: (v: string) => void) => ack(v)));
    const client = fx.client();
    await waitFor(client, "connect");
    expect(await client.emitWithAck("echo", "still here")).to.equal("still here");
    // The probe's upgrade request finds no listener: the client keeps polling.
    await sleep(300);
    expect(client.io.engine.transport.name).to.equal("polling");
    expect(warnings).to.have.length(1);
  });

  it("stays silent once io.attach(server) added the upgrade listener", async function () {
    fx = await startExpress("middleware");
    await pollingHandshake(fx.url);
    const client = fx.client();
    await waitFor(client.io.engine, "upgrade");
    expect(warnings).to.deep.equal([]);
  });

  it("stays silent when WebSocket is not among the transports anyway", async function () {
    fx = await startExpress("middleware-only", { opts: { transports: ["polling"] } });
    const { upgrades } = await pollingHandshake(fx.url);
    expect(upgrades).to.deep.equal([]);
    expect(warnings).to.deep.equal([]);
  });

  it("warns once per Server, not once per process", async function () {
    fx = await startExpress("middleware-only");
    const second = await startExpress("middleware-only");
    try {
      await pollingHandshake(fx.url);
      await pollingHandshake(second.url);
      expect(warnings).to.have.length(2);
    } finally {
      await second.close();
    }
  });
});

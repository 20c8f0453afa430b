/**
 * Bug (found in the second review of the client size pass): the engine
 * client read the handshake's `upgrades` with `?.includes`, so a server
 * sending something else than an array (`"upgrades": 1`) made it throw
 * inside the polling loop after "open": an unhandled rejection, and a
 * session that received nothing more. Fixed: anything but an array means
 * no upgrade.
 */
import { expect } from "chai";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { EngineClient } from "../../client/engine/index.js";
import { waitFor as once } from "../support/wait.js";
import { useRejectionTripwire } from "../support/tripwire.js";

describe("regression: a handshake with a non-array upgrades list killed the session", () => {
  const rejections = useRejectionTripwire();
  let http: HttpServer | undefined;
  let engine: EngineClient | undefined;

  afterEach(() => {
    engine?.close();
    http?.close();
  });

  it("stays on polling and keeps receiving", async () => {
    let polls = 0;
    http = createServer((req, res) => {
      if (req.method === "POST") return void req.resume().on("end", () => res.end("ok"));
      if (!req.url!.includes("sid=")) {
        return void res.end('0{"sid":"s1","upgrades":1,"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
      }
      // the first poll gets a message; later ones are held until the client goes
      if (polls++ === 0) res.end("4hello");
    });
    await new Promise<void>((resolve) => http!.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as AddressInfo;
    engine = new EngineClient(`http://127.0.0.1:${port}`, { path: "/engine.io/" });
    const message = once(engine, "message");
    engine.open();
    expect(await message).to.deep.equal(["hello"]);
    expect(engine.transport.name).to.equal("polling");
    expect(rejections).to.deep.equal([]);
  });
});

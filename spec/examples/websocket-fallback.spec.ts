/** examples/websocket-fallback: websocket-first, polling when the server refuses WebSocket. */
import { expect } from "chai";
import { connectWebsocketFirst } from "../../examples/websocket-fallback/client.js";
import { startServer, type RunningServer } from "../../examples/websocket-fallback/server.js";

describe("examples/websocket-fallback", function () {
  const servers: RunningServer[] = [];

  afterEach(async function () {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it("uses WebSocket when the server allows it", async function () {
    const server = await startServer({ port: 0 });
    servers.push(server);
    expect(await connectWebsocketFirst(server.url)).to.deep.equal({ client: "websocket", server: "websocket" });
  });

  it("falls back to polling when the server only allows polling", async function () {
    const server = await startServer({ port: 0, transports: ["polling"] });
    servers.push(server);
    expect(await connectWebsocketFirst(server.url)).to.deep.equal({ client: "polling", server: "polling" });
  });
});

/** examples/express-session: the Express session is socket.request.session. */
import { expect } from "chai";
import { io, type Socket } from "../../client/index.js";
import { startServer, type RunningServer } from "../../examples/express-session/server.js";

type SessionInfo = { id: string; visits: number };

describe("examples/express-session", function () {
  let server: RunningServer;
  const sockets: Socket[] = [];

  async function sessionOf(cookie?: string): Promise<SessionInfo> {
    const socket = io(server.url, { forceNew: true, reconnection: false, extraHeaders: cookie ? { Cookie: cookie } : {} });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once("session", resolve);
      socket.once("connect_error", reject);
    });
  }

  beforeEach(async function () {
    server = await startServer({ port: 0 });
  });

  afterEach(async function () {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await server.close();
  });

  it("sets the session cookie on the polling handshake and counts visits across sockets sharing it", async function () {
    const handshake = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(handshake.status).to.equal(200);
    await handshake.text();
    const cookie = handshake.headers.get("set-cookie")?.split(";")[0];
    expect(cookie).to.match(/^connect\.sid=s%3A/);

    const first = await sessionOf(cookie);
    const second = await sessionOf(cookie);
    expect(first.visits).to.equal(1);
    expect(second).to.deep.equal({ id: first.id, visits: 2 });

    // The Express route reads and writes the same session.
    const page = await fetch(server.url, { headers: { Cookie: cookie! } });
    expect(await page.text()).to.equal("visit #3 of this session\n");
  });

  it("gives a socket without the cookie a session of its own", async function () {
    const page = await fetch(server.url);
    await page.text();
    const cookie = page.headers.get("set-cookie")!.split(";")[0];
    const shared = await sessionOf(cookie);
    const stranger = await sessionOf();
    expect(shared.visits).to.equal(2);
    expect(stranger.visits).to.equal(1);
    expect(stranger.id).to.not.equal(shared.id);
  });
});

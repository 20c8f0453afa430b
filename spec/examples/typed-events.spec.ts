/** examples/typed-events: typed emits and acknowledgements in both directions. */
import { expect } from "chai";
import { converse } from "../../examples/typed-events/client.js";
import { startServer, type RunningServer } from "../../examples/typed-events/server.js";

describe("examples/typed-events", function () {
  let server: RunningServer;

  beforeEach(async function () {
    server = await startServer({ port: 0 });
  });

  afterEach(async function () {
    await server.close();
  });

  it("greets, adds, refuses a bad addition and stores the name in socket.data", async function () {
    const names: string[] = [];
    server.io.on("connection", (socket) => {
      socket.on("disconnect", () => names.push(socket.data.name));
    });
    const result = await converse(server.url, "ada");
    expect(result).to.deep.equal({
      notice: "welcome to the typed server",
      greeting: "Hello, ada!",
      sum: 42,
      refusal: "add takes two finite numbers",
    });
    while (names.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(names).to.deep.equal(["ada"]);
  });

  it("lets the server ask the client through a typed acknowledgement", async function () {
    const answered = new Promise<string>((resolve, reject) => {
      server.io.on("connection", (socket) => {
        socket.timeout(2000).emitWithAck("whoAreYou").then(resolve, reject);
      });
    });
    const [answer] = await Promise.all([answered, converse(server.url, "grace")]);
    expect(answer).to.equal("grace");
  });
});

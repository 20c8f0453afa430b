import { expect } from "chai";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { io, TransportError, VolleyError } from "../../client/index.js";
import { VolleyError as ServerVolleyError, DecodeError } from "../../lib/index.js";

/** A port nothing listens on: bound, read, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("client: exported error classes", () => {
  it("connect_error is a TransportError and a VolleyError with a stable code and the failed transport in its message", async () => {
    const port = await closedPort();
    const socket = io(`http://127.0.0.1:${port}`, { forceNew: true, reconnection: false, transports: ["polling"] });
    try {
      const err = await new Promise<Error>((resolve) => socket.once("connect_error", resolve));
      expect(err).to.be.instanceOf(TransportError);
      expect(err).to.be.instanceOf(VolleyError);
      expect((err as VolleyError).code).to.equal("VOLLEY_TRANSPORT_ERROR");
      expect((err as TransportError).type).to.equal("TransportError");
      expect(err.message).to.match(/^polling /);
    } finally {
      socket.disconnect();
    }
  });

  it("the server entry exports the same error classes the protocol layer throws", () => {
    expect(ServerVolleyError).to.equal(VolleyError);
    const err = new DecodeError("event name must be a string");
    expect(err).to.be.instanceOf(ServerVolleyError);
    expect(err.code).to.equal("VOLLEY_DECODE_ERROR");
  });
});

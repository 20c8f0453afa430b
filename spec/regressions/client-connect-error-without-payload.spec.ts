/**
 * Bug (found in review of the client size pass): once the client's decoder
 * left CONNECT_ERROR payload checks to the server, a bare CONNECT_ERROR
 * ("4", no payload: a non-compliant server) made the Socket read
 * `undefined.message`; the TypeError was rethrown on a fresh stack and no
 * "connect_error" reached the app. Fixed: the error is built from whatever
 * payload there is.
 */
import { expect } from "chai";
import { offlineManager } from "../support/client-helpers.js";
import { PacketType } from "../../lib/protocol/packet.js";

describe("regression: a CONNECT_ERROR without payload threw instead of reaching connect_error", () => {
  it('emits "connect_error" with an Error and no data', () => {
    const { manager, socket } = offlineManager();
    socket.connect();
    const errors: Array<Error & { data?: unknown }> = [];
    socket.on("connect_error", (err) => errors.push(err));
    socket._onPacket({ type: PacketType.CONNECT_ERROR, nsp: "/" });
    expect(errors).to.have.length(1);
    expect(errors[0]).to.be.instanceOf(Error);
    expect(errors[0]!.data).to.equal(undefined);
    expect(socket.active).to.equal(false);
    manager.disconnect();
  });
});

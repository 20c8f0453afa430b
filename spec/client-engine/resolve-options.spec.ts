/**
 * resolveOptions: what the engine client makes of a URI and its options
 * (scheme, host, port, path, query, transports) before any request.
 */
import { expect } from "chai";
import { resolveOptions } from "../../client/engine/options.js";

describe("client engine resolveOptions", () => {
  it("takes secure from the scheme: https and wss are, http and ws are not", () => {
    expect(resolveOptions("https://example.com", {}).secure).to.equal(true);
    expect(resolveOptions("wss://example.com", {}).secure).to.equal(true);
    expect(resolveOptions("http://example.com", {}).secure).to.equal(false);
    // (a regression: "ws:" ends in "s:" like "https:" and "wss:")
    expect(resolveOptions("ws://example.com", {}).secure).to.equal(false);
    expect(resolveOptions("ws://example.com", { secure: true }).secure).to.equal(true);
  });

  it("keeps the URI's host, explicit port and query; explicit options win", () => {
    const resolved = resolveOptions("http://example.com:8080/?room=a&token=t", { query: { token: "u" } });
    expect(resolved.hostname).to.equal("example.com");
    expect(resolved.port).to.equal("8080");
    expect(resolved.query).to.deep.equal({ room: "a", token: "u" });
    expect(resolveOptions("http://example.com:8080", { hostname: "other.test", port: 9000 })).to.include({ hostname: "other.test", port: "9000" });
  });

  it("resolves a relative or protocol-relative uri against the page, or localhost where there is none (Node)", () => {
    expect(resolveOptions("//127.0.0.1:3000", {})).to.include({ hostname: "127.0.0.1", port: "3000", secure: false });
    expect(resolveOptions("/engine.io", {}).hostname).to.equal("localhost");
  });

  it("ends the path with one slash unless addTrailingSlash is false, and drops unknown transports", () => {
    expect(resolveOptions("http://example.com", { path: "/socket.io" }).path).to.equal("/socket.io/");
    expect(resolveOptions("http://example.com", { path: "/socket.io/" }).path).to.equal("/socket.io/");
    expect(resolveOptions("http://example.com", { path: "/rt", addTrailingSlash: false }).path).to.equal("/rt");
    expect(resolveOptions("http://example.com", { transports: ["websocket", "carrier-pigeon" as "polling"] }).transports).to.deep.equal(["websocket"]);
  });
});

import { expect } from "chai";
import { parseUri as parseUrl, type LocationLike } from "../../client/url.js";

/** What io() reads from the URL: the engine's origin, the namespace, the query and the Manager cache key. */
function parseUri(uri: string | undefined, path: string, loc?: LocationLike) {
  const url = parseUrl(uri, loc);
  return { origin: url.origin, nsp: url.pathname, query: Object.fromEntries(url.searchParams), id: url.origin + path };
}

const page = { protocol: "https:", host: "example.com:8443", href: "https://example.com:8443/chat/room?x=1" };

describe("client parseUri", () => {
  it("reads origin, namespace and query of a full URI", () => {
    expect(parseUri("http://localhost:3000/admin?token=abc", "/socket.io/")).to.deep.equal({
      origin: "http://localhost:3000",
      nsp: "/admin",
      query: { token: "abc" },
      id: "http://localhost:3000/socket.io/",
    });
  });

  it("uses / as the namespace when the URI has no path", () => {
    expect(parseUri("http://localhost:3000", "/socket.io/").nsp).to.equal("/");
  });

  it("maps ws and wss to http and https", () => {
    expect(parseUri("ws://a.test:81/x", "/p/").origin).to.equal("http://a.test:81");
    expect(parseUri("wss://a.test/x", "/p/").origin).to.equal("https://a.test");
  });

  it("drops default ports so equivalent URIs share a cache key", () => {
    expect(parseUri("http://a.test", "/p/").id).to.equal(parseUri("http://a.test:80/other", "/p/").id);
    expect(parseUri("http://a.test", "/p/").id).not.to.equal(parseUri("http://a.test", "/q/").id);
  });

  it("defaults to the page's origin", () => {
    const parsed = parseUri(undefined, "/socket.io/", page);
    expect(parsed.origin).to.equal("https://example.com:8443");
    expect(parsed.nsp).to.equal("/");
    expect(parsed.query).to.deep.equal({});
  });

  it("reads a path-only URI as a namespace of the page's origin", () => {
    const parsed = parseUri("/admin", "/socket.io/", page);
    expect(parsed.origin).to.equal("https://example.com:8443");
    expect(parsed.nsp).to.equal("/admin");
  });

  it("gives a protocol-relative URI the page's scheme", () => {
    expect(parseUri("//other.test/ns", "/socket.io/", page).origin).to.equal("https://other.test");
  });

  it("gives a scheme-less URI the page's scheme, or https without a page", () => {
    expect(parseUri("localhost:3000/ns", "/s/", { ...page, protocol: "http:" }).origin).to.equal("http://localhost:3000");
    expect(parseUri("localhost:3000/ns", "/s/", undefined).origin).to.equal("https://localhost:3000");
  });

  it("keeps IPv6 hosts bracketed", () => {
    expect(parseUri("http://[::1]:4000/", "/s/").origin).to.equal("http://[::1]:4000");
  });
});

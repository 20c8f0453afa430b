/**
 * The browser bundles `npm run build` writes to dist/bundle/: all three
 * exist with their source maps, the minified one stays within its gzip size
 * budget, and the script-tag bundle defines the global `io` with the API
 * pages written for socket.io-client expect.
 *
 * The budget is the issue's 7 KiB (socket.io-client 4.8's is 14.4 KiB): a
 * feature that does not fit must pay for itself elsewhere in the client.
 */
import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createContext, runInContext } from "node:vm";
import { gzipSync } from "node:zlib";

const BUNDLE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "bundle");
const BUNDLES = ["socket.io.js", "socket.io.min.js", "socket.io.esm.min.js"];
/**
 * socket.io.min.js, gzip -9, in bytes: the budget, 7 KiB. Three size
 * passes took it from 10.65 KiB with every feature kept (see `git log` and
 * `npm run size` for what each module costs).
 */
const MIN_GZIP_BUDGET = 7 * 1024;

/** The text of a bundle; a missing file fails with the command that makes it. */
function readBundle(name: string): string {
  const file = join(BUNDLE_DIR, name);
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" before this spec`);
  return readFileSync(file, "utf8");
}

describe("bundle/size: the browser bundles", () => {
  it("exist, each with its source map", () => {
    for (const name of BUNDLES) {
      const code = readBundle(name);
      expect(code, name).to.include(`//# sourceMappingURL=${name}.map`);
      const map = JSON.parse(readBundle(`${name}.map`)) as { version: number; sources: string[] };
      expect(map.version, `${name}.map`).to.equal(3);
      expect(map.sources.some((s) => s.includes("client/manager")), `${name}.map sources`).to.equal(true);
    }
  });

  it(`keeps socket.io.min.js within ${MIN_GZIP_BUDGET / 1024} KiB gzipped`, () => {
    const gzipped = gzipSync(readBundle("socket.io.min.js"), { level: 9 }).length;
    expect(gzipped, `socket.io.min.js is ${(gzipped / 1024).toFixed(2)} KiB gzipped`).to.be.at.most(MIN_GZIP_BUDGET);
  });

  it("compiles logging out of the minified bundles", () => {
    for (const name of ["socket.io.min.js", "socket.io.esm.min.js"]) {
      const code = readBundle(name);
      expect(code, name).not.to.match(/console\.|process\.env/);
    }
  });

  it("gives the minified bundles numbered decode errors and the readable one the full messages", () => {
    // see the code table in lib/protocol/decode.messages.ts
    for (const name of ["socket.io.min.js", "socket.io.esm.min.js"]) {
      const code = readBundle(name);
      expect(code, name).to.include('"volley decode error "');
      expect(code, name).not.to.include("too many attachments");
    }
    const readable = readBundle("socket.io.js");
    expect(readable).to.include("too many attachments");
    expect(readable).not.to.include('"volley decode error "');
  });

  it("defines a global io function with io.Manager, io.Socket and io.protocol (script tag)", () => {
    // a bare context: evaluating the bundle must not need a page (it connects only when io() is called)
    const context = createContext({ URL, URLSearchParams, queueMicrotask, setTimeout, clearTimeout });
    runInContext(readBundle("socket.io.min.js"), context, { filename: "socket.io.min.js" });
    const io = (context as { io?: { (): unknown; io: unknown; connect: unknown; Manager: unknown; Socket: unknown; protocol: unknown } }).io;
    expect(io, "global io").to.be.a("function");
    expect(io!.io).to.equal(io);
    expect(io!.connect).to.equal(io);
    expect(io!.Manager).to.be.a("function");
    expect(io!.Socket).to.be.a("function");
    expect(io!.protocol).to.equal(5);
  });

  it("exports io, connect, Manager, Socket and protocol from the ESM bundle", () => {
    const code = readBundle("socket.io.esm.min.js");
    const exported = /export\s*\{([^}]*)\}/.exec(code)?.[1] ?? "";
    const names = exported.split(",").map((part) => part.trim().split(/\s+as\s+/).pop());
    expect(names).to.include.members(["io", "connect", "default", "Manager", "Socket", "protocol"]);
  });
});

/**
 * Bug: `import { Server } from` dist/cjs/index.cjs (what a tool does that
 * resolves volley through require() and loads the file with import(), as the
 * public conformance suites' server does with socket.io) found no `Server`:
 * the callable CommonJS entry, `module.exports = Object.assign(fn, names)`,
 * hid its names from Node's ESM loader, which reads them from the source.
 * rollup.config.mjs now adds the line that lists them (see namedExportsHint).
 *
 * Run in a child Node process, so Node's own loader decides (not the spec runner's hooks).
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "chai";

const CJS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "cjs");

/** What Node's ESM loader makes of a CommonJS file: its named exports and whether the callable default carries them. */
function importFromEsm(file: string, names: string[]): Record<string, string> {
  const url = pathToFileURL(join(CJS_DIR, file)).href;
  const script = `const m = await import(${JSON.stringify(url)});
    const seen = {};
    for (const n of ${JSON.stringify(names)}) seen[n] = typeof m[n] + (m[n] === m.default[n] ? "" : " (not the default's)");
    seen.default = typeof m.default;
    console.log(JSON.stringify(seen));`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30000 })) as Record<string, string>;
}

describe("package: the CommonJS entry points seen from an ES module", () => {
  it('import { Server, Namespace, Socket, Adapter } from "dist/cjs/index.cjs" works; the default is the callable form', () => {
    expect(importFromEsm("index.cjs", ["Server", "Namespace", "Socket", "Adapter"])).to.deep.equal({
      Server: "function",
      Namespace: "function",
      Socket: "function",
      Adapter: "function",
      default: "function",
    });
  });

  it('import { io, Manager, Socket } from "dist/cjs/client.cjs" works; the default is io', () => {
    expect(importFromEsm("client.cjs", ["io", "connect", "Manager", "Socket"])).to.deep.equal({
      io: "function",
      connect: "function",
      Manager: "function",
      Socket: "function",
      default: "function",
    });
  });
});

/**
 * What `npm pack` publishes, used the way an app uses it: the working tree is
 * copied without dist/ (a clean clone), packed there (npm runs `prepack`, which
 * builds), and the tarball is installed into a consumer in os.tmpdir(), outside
 * the repo, so nothing of the repo's own resolution (self-references, its
 * node_modules/@types) helps. The consumer then compiles with skipLibCheck off
 * under the three module resolutions (node16 both as an ES module and as
 * CommonJS), and runs from CommonJS and ESM.
 *
 * The tarball's runtime dependencies are linked from the repo's node_modules
 * (no registry, no network); only the ones package.json declares are linked,
 * so an undeclared import fails here as it would for a user.
 */
import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "../..");
const fixtures = join(repo, "spec/package/consumer");
const tsc = join(repo, "node_modules/typescript/bin/tsc");

/** What a clean clone has: everything but build output, installed packages and git's own data. */
const NOT_IN_A_CLONE = new Set(["node_modules", "dist", ".git", ".tmp"]);

/** Runs a command to completion (bounded by `timeout`) and returns its stdout; throws with its output if it fails. */
function succeed(cmd: string, args: string[], cwd: string, timeout = 60000): string {
  const result = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** `node_modules/<name>` in the consumer, pointing at the repo's installed copy. */
function linkPackage(consumer: string, name: string): void {
  const link = join(consumer, "node_modules", name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(realpathSync(join(repo, "node_modules", name)), link, "dir");
}

describe("package: npm pack, installed into a consumer outside the repo", function () {
  this.timeout(60000);

  let tmp: string;
  let consumer: string;
  let packed: string[];

  before(function () {
    this.timeout(240000);
    tmp = mkdtempSync(join(tmpdir(), "volley-pack-"));
    const clone = join(tmp, "clone");
    cpSync(repo, clone, { recursive: true, filter: (src) => !NOT_IN_A_CLONE.has(relative(repo, src).split(/[\\/]/)[0]) });
    // The build's tools (tsc, rollup) are devDependencies: the repo's, as after `npm ci`.
    symlinkSync(realpathSync(join(repo, "node_modules")), join(clone, "node_modules"), "dir");
    // Not --json: prepack's build prints on the same stdout. The tarball is the one .tgz in tmp.
    succeed("npm", ["pack", "--pack-destination", tmp], clone, 180000);
    const tarball = join(tmp, readdirSync(tmp).find((file) => file.endsWith(".tgz"))!);
    packed = succeed("tar", ["-tzf", tarball], tmp).split("\n").filter(Boolean).map((file) => file.replace(/^package\//, ""));

    consumer = join(tmp, "consumer");
    const installed = join(consumer, "node_modules/volley");
    mkdirSync(installed, { recursive: true });
    succeed("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"], tmp);
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    for (const dependency of Object.keys(manifest.dependencies)) linkPackage(consumer, dependency);
    linkPackage(consumer, "@types/node");
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    for (const file of ["consumer.ts", "browser.ts", "commonjs.cjs", "esm.mjs"]) cpSync(join(fixtures, file), join(consumer, file));
    cpSync(join(fixtures, "consumer.ts"), join(consumer, "consumer.cts"));
    startCompiles();
  });

  after(async () => {
    await Promise.allSettled(compiled.values());
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("holds the build made by prepack, LICENSE, README and package.json, and nothing else (no spec/, no sources)", () => {
    for (const file of ["dist/lib/index.js", "dist/lib/index.d.ts", "dist/lib/engine/index.d.ts", "dist/client/index.d.ts", "dist/cjs/index.cjs", "dist/cjs/client.cjs", "dist/cjs/engine.cjs", "dist/bundle/socket.io.min.js", "LICENSE", "README.md", "package.json"]) {
      expect(packed, file).to.include(file);
    }
    const outside = packed.filter((file) => !file.startsWith("dist/") && !["LICENSE", "README.md", "package.json"].includes(file));
    expect(outside).to.deep.equal([]);
    expect(packed.filter((file) => file.includes("spec/") || (file.endsWith(".ts") && !file.endsWith(".d.ts")))).to.deep.equal([]);
    const license = readFileSync(join(consumer, "node_modules/volley/LICENSE"), "utf8");
    expect(license).to.match(/^MIT License/).and.to.include("Copyright (c) volley contributors");
  });

  it("has self-contained source maps: every source a map names is inlined (sourcesContent) or in the tarball", () => {
    const installed = join(consumer, "node_modules/volley");
    const missing: string[] = [];
    for (const file of packed.filter((path) => path.endsWith(".map"))) {
      const map = JSON.parse(readFileSync(join(installed, file), "utf8"));
      map.sources.forEach((source: string, i: number) => {
        if (map.sourcesContent?.[i] == null && !existsSync(join(installed, dirname(file), map.sourceRoot ?? "", source))) missing.push(`${file}: ${source}`);
      });
    }
    expect(missing).to.deep.equal([]);
  });

  // Each resolution as an app would configure it; node10 is TypeScript 6's deprecated name for "node".
  const node = { target: "ES2022", lib: ["ES2022"], strict: true, noEmit: true, skipLibCheck: false, types: ["node"] };
  const compiles: Record<string, { compilerOptions: object; file: string }> = {
    "moduleResolution node16": { compilerOptions: { ...node, module: "node16", moduleResolution: "node16" }, file: "consumer.ts" },
    // The consumer's package.json says "module"; a .cts file is CommonJS: it gets the "require" types.
    "moduleResolution node16, a CommonJS app": { compilerOptions: { ...node, module: "node16", moduleResolution: "node16" }, file: "consumer.cts" },
    "moduleResolution bundler": { compilerOptions: { ...node, module: "esnext", moduleResolution: "bundler" }, file: "consumer.ts" },
    "moduleResolution node10": {
      compilerOptions: { ...node, module: "commonjs", moduleResolution: "node10", ignoreDeprecations: "6.0" },
      file: "consumer.ts",
    },
    "a browser app (volley/client with the DOM library, no @types/node)": {
      compilerOptions: { ...node, lib: ["ES2022", "DOM"], types: [], module: "esnext", moduleResolution: "bundler" },
      file: "browser.ts",
    },
  };
  /** tsc's output per compile, started together in before(): they check @types/node and lib files in parallel. */
  const compiled = new Map<string, Promise<{ status: number | null; output: string }>>();

  function startCompiles(): void {
    for (const [name, { compilerOptions, file }] of Object.entries(compiles)) {
      const config = join(consumer, `tsconfig.${compiled.size}.json`);
      writeFileSync(config, JSON.stringify({ compilerOptions, files: [file] }));
      const child = spawn(process.execPath, [tsc, "-p", config], { cwd: consumer });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      compiled.set(name, new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, output }));
      }));
    }
  }

  for (const name of Object.keys(compiles)) {
    it(`compiles with skipLibCheck off: ${name}`, async function () {
      this.timeout(180000);
      const { status, output } = await compiled.get(name)!;
      expect(output).to.equal("");
      expect(status).to.equal(0);
    });
  }

  it('require("volley")(httpServer) is a Server, with the named exports on it; require("volley/client") is io, as in socket.io-client', () => {
    const seen = JSON.parse(succeed(process.execPath, ["commonjs.cjs"], consumer, 45000));
    expect(seen).to.deep.equal({
      volley: "function",
      isServer: true,
      named: ["Server", "Namespace", "Socket", "Adapter", "BroadcastOperator"],
      client: "function",
      clientAliases: true,
      clientNamed: ["Manager", "Socket"],
      engine: "function",
      greeting: "hi ada",
      script: [200, "application/javascript; charset=utf-8"],
    });
  });

  it("loads from ESM: volley, volley/engine, volley/client", () => {
    expect(JSON.parse(succeed(process.execPath, ["esm.mjs"], consumer))).to.deep.equal(["function", "function", "function", "function", "/"]);
  });
});

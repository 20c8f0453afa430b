// Builds the package: tsc for lib/ and client/ (ESM + .d.ts), then rollup for
// the browser bundles and the CommonJS entry points when rollup.config.mjs exists.
// `--clean` (npm's prepack runs it) empties dist/ first, so a module that no
// longer exists in the sources cannot end up in a published tarball.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";

const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });
if (process.argv.includes("--clean")) rmSync("dist", { recursive: true, force: true });
run("npx", ["tsc", "-p", "tsconfig.build.json"]);

// CommonJS twins of the declarations, for the "require" condition of package.json's
// exports: the same .d.ts files under dist/cjs/types/, where dist/cjs/package.json says
// "commonjs". TypeScript (module node16/nodenext) takes a declaration's module format
// from there; with only the ES module ones, a CommonJS app's `import { Server } from
// "volley"` is refused (TS1479) although require("volley") works.
for (const dir of ["lib", "client"]) {
  cpSync(`dist/${dir}`, `dist/cjs/types/${dir}`, { recursive: true, filter: (src) => statSync(src).isDirectory() || src.endsWith(".d.ts") });
}
mkdirSync("dist/cjs", { recursive: true });
writeFileSync("dist/cjs/package.json", '{ "type": "commonjs" }\n');

if (existsSync("rollup.config.mjs")) run("npx", ["rollup", "-c", "rollup.config.mjs"]);

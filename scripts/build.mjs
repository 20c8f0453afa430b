// Builds the package: tsc for lib/ and client/ (ESM + .d.ts), then rollup for
// the browser bundles and the CommonJS entry points when rollup.config.mjs exists.
// `--clean` (npm's prepack runs it) empties dist/ first, so a module that no
// longer exists in the sources cannot end up in a published tarball.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";

const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });
if (process.argv.includes("--clean")) rmSync("dist", { recursive: true, force: true });
run("npx", ["tsc", "-p", "tsconfig.build.json"]);
if (existsSync("rollup.config.mjs")) run("npx", ["rollup", "-c", "rollup.config.mjs"]);

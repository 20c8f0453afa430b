// Builds the package: tsc for lib/ and client/ (ESM + .d.ts), then rollup for
// the browser bundles and the CommonJS entry points when rollup.config.mjs exists.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit" });
run("npx", ["tsc", "-p", "tsconfig.build.json"]);
if (existsSync("rollup.config.mjs")) run("npx", ["rollup", "-c", "rollup.config.mjs"]);

/**
 * `prestart`: runs `npm run build` only when the build is missing or older
 * than its sources, so `npm start` is instant on a current checkout.
 *
 * The demo runs the server from the TypeScript sources (through tsx), but the
 * page loads the browser bundle from dist/bundle, which only the build makes:
 * that is why `npm start` needs a build at all. "Current" means every output
 * below is newer than every input file (mtimes; a `git pull` or an edit
 * touches the files it changes, so either one triggers a rebuild).
 *
 * @example
 * // package.json: "prestart": "node --import tsx scripts/build-if-stale.ts"
 * staleReason(process.cwd()); // undefined when dist/ is current, else why not
 */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Files and folders the build reads. */
export const BUILD_INPUTS = ["lib", "client", "scripts/build.mjs", "rollup.config.mjs", "tsconfig.json", "tsconfig.build.json"];
/** Outputs each written by every build (stale leftovers of deleted sources are not among them). */
export const BUILD_OUTPUTS = [
  "dist/lib/index.js",
  "dist/client/index.js",
  "dist/bundle/socket.io.js",
  "dist/bundle/socket.io.min.js",
  "dist/cjs/index.cjs",
];

/** Newest mtime (ms) of a file, or of any file under a folder; 0 when it does not exist. */
function newestMtime(path: string): number {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs; // a deleted file changes its folder's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Why `root`'s build must be redone, or undefined when it is current.
 *
 * @example
 * staleReason("/repo"); // "dist/bundle/socket.io.js is missing" | "client/socket.ts is newer than …" | undefined
 */
export function staleReason(root: string, inputs = BUILD_INPUTS, outputs = BUILD_OUTPUTS): string | undefined {
  let oldestOutput = Infinity;
  let oldestName = "";
  for (const output of outputs) {
    let mtime: number;
    try {
      mtime = statSync(join(root, output)).mtimeMs;
    } catch {
      return `${output} is missing`;
    }
    if (mtime < oldestOutput) [oldestOutput, oldestName] = [mtime, output];
  }
  for (const input of inputs) {
    if (newestMtime(join(root, input)) > oldestOutput) return `${input} has changes newer than ${oldestName}`;
  }
  return undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const reason = staleReason(root);
  if (reason) {
    console.log(`building (${reason})`);
    execFileSync("npm", ["run", "-s", "build"], { cwd: root, stdio: "inherit" });
  } else {
    console.log("build is current (dist/ newer than its sources): not rebuilding");
  }
}

/**
 * Metric 5: client bundle size, gzip -9, of volley's dist/bundle/socket.io.min.js
 * against socket.io-client's dist/socket.io.min.js. Builds volley's bundle when missing.
 *
 * @example
 * const { volley, socketio } = measureBundles(rootDir);
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

export function measureBundles(root: string): { volley: number; socketio: number } {
  const volleyFile = join(root, "dist/bundle/socket.io.min.js");
  if (!existsSync(volleyFile)) {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
    execFileSync("npx", ["rollup", "-c", "rollup.config.mjs"], { cwd: root, stdio: "inherit" });
  }
  return {
    volley: gzipSize(volleyFile),
    socketio: gzipSize(join(root, "node_modules/socket.io-client/dist/socket.io.min.js")),
  };
}

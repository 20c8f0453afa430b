/**
 * `npm start`: a port in use is explained in one line (no stack trace, exit
 * status 1), and prestart rebuilds only when dist/ is older than its sources.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { createServer, type Server as NetServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { staleReason } from "../../scripts/build-if-stale.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs the demo's start-up file as `npm start` does (without npm), collecting its output. */
function runChat(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "examples/chat/server.ts"], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    // a server that did start would run forever: stop it, the assertions then fail on its output
    const guard = setTimeout(() => child.kill(), 20000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("npm start", function () {
  this.timeout(30000);

  describe("on a port already in use", function () {
    let blocker: NetServer;

    before(async function () {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    });

    after(function (done) {
      blocker.close(() => done());
    });

    it("says which port is taken and how to pick another, without a stack trace, and exits 1", async function () {
      const { port } = blocker.address() as AddressInfo;
      const { code, stdout, stderr } = await runChat({ PORT: String(port), HOST: "127.0.0.1" });
      expect(code).to.equal(1);
      expect(stdout).to.not.include("listening");
      expect(stderr).to.include(`port ${port} on 127.0.0.1 is already in use`);
      expect(stderr).to.include(`PORT=${port + 1} npm start`);
      expect(stderr).to.not.match(/^\s+at /m);
      expect(stderr.trim().split("\n")).to.have.length(1);
    });
  });

  it("refuses a PORT that is not a port number in one line, exit 1", async function () {
    const { code, stdout, stderr } = await runChat({ PORT: "80a" });
    expect(code).to.equal(1);
    expect(stdout).to.equal("");
    expect(stderr.trim()).to.equal("volley chat: PORT=80a is not a port number (an integer from 0 to 65535), e.g. PORT=4000 npm start");
  });

  describe("prestart (scripts/build-if-stale.ts)", function () {
    let root: string;
    const inputs = ["lib", "client", "rollup.config.mjs"];
    const outputs = ["dist/lib/index.js", "dist/bundle/socket.io.js"];

    /** Writes a file with a given mtime (seconds since the epoch). */
    function file(path: string, mtime: number): void {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, "x");
      utimesSync(full, mtime, mtime);
    }
    /** Folders get the oldest time, so only file times matter below. */
    function ageFolders(...paths: string[]): void {
      for (const path of paths) utimesSync(join(root, path), 1000, 1000);
    }

    beforeEach(function () {
      root = mkdtempSync(join(tmpdir(), "volley-prestart-"));
      file("lib/index.ts", 2000);
      file("lib/engine/socket.ts", 2000);
      file("client/index.ts", 2000);
      file("rollup.config.mjs", 2000);
      file("dist/lib/index.js", 3000);
      file("dist/bundle/socket.io.js", 3000);
      ageFolders("lib", "lib/engine", "client");
    });

    afterEach(function () {
      rmSync(root, { recursive: true, force: true });
    });

    it("does not rebuild when every output is newer than every source", function () {
      expect(staleReason(root, inputs, outputs)).to.equal(undefined);
    });

    it("rebuilds when an output is missing", function () {
      rmSync(join(root, "dist/bundle/socket.io.js"));
      expect(staleReason(root, inputs, outputs)).to.equal("dist/bundle/socket.io.js is missing");
    });

    it("rebuilds when a source deep in a folder is newer than the oldest output", function () {
      file("dist/lib/index.js", 5000);
      file("lib/engine/socket.ts", 4000);
      ageFolders("lib", "lib/engine");
      expect(staleReason(root, inputs, outputs)).to.equal("lib has changes newer than dist/bundle/socket.io.js");
    });

    it("rebuilds when a build config file changed", function () {
      file("rollup.config.mjs", 3500);
      expect(staleReason(root, inputs, outputs)).to.equal("rollup.config.mjs has changes newer than dist/lib/index.js");
    });

    it("rebuilds when a source file was deleted (its folder changed)", function () {
      rmSync(join(root, "client/index.ts"));
      // the deletion just touched client/: now, far newer than the outputs
      expect(staleReason(root, inputs, outputs)).to.equal("client has changes newer than dist/lib/index.js");
    });
  });
});

/**
 * The README's quick start: the code it shows is examples/quick-start,
 * verbatim, and that code runs: it serves its page on `/`, the client bundle
 * under /socket.io/, and two Chromium pages talk through it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../support/browser.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}${path}`, "utf8");

/** A port free a moment ago (the server takes it right after). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("README quick start (examples/quick-start)", function () {
  this.timeout(30000);

  it("is shown in the README exactly as the files are", function () {
    const readme = read("README.md");
    const section = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1));
    expect(section).to.include("```ts\n" + read("examples/quick-start/server.ts") + "```");
    expect(section).to.include("```html\n" + read("examples/quick-start/index.html") + "```");
    expect(section).to.not.match(/redis/i);
  });

  describe("running", function () {
    let server: ChildProcess;
    let url: string;
    let browser: Browser;

    before(async function () {
      const port = await freePort();
      server = spawn(process.execPath, ["--import", "tsx", "examples/quick-start/server.ts"], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port) },
        stdio: ["ignore", "pipe", "inherit"],
      });
      await new Promise<void>((resolve, reject) => {
        let out = "";
        server.stdout!.on("data", (chunk) => {
          out += chunk;
          if (out.includes(`open http://localhost:${port}`)) resolve();
        });
        server.once("exit", (code) => reject(new Error(`the quick start server exited with ${code}: ${out}`)));
      });
      url = `http://127.0.0.1:${port}`;
    });

    after(async function () {
      await browser?.close();
      server?.kill();
    });

    it("serves its page on / and the client bundle under /socket.io/", async function () {
      const page = await fetch(`${url}/`);
      expect(page.status).to.equal(200);
      expect(page.headers.get("content-type")).to.include("text/html");
      expect(await page.text()).to.equal(read("examples/quick-start/index.html"));
      const bundle = await fetch(`${url}/socket.io/socket.io.js`);
      expect(bundle.status).to.equal(200);
      expect(await bundle.text()).to.include("io");
    });

    it("delivers the second page's hello to the first page, each sender acknowledged", async function () {
      browser = await launchBrowser();
      /** A page of the quick start and the lines its console printed. */
      async function open(): Promise<{ page: Page; lines: string[]; logged: (line: string) => Promise<void> }> {
        const page = await (await browser.newContext()).newPage();
        const lines: string[] = [];
        const waiters = new Map<string, () => void>();
        page.on("console", (message) => {
          lines.push(message.text());
          waiters.get(message.text())?.();
        });
        const logged = (line: string) =>
          lines.includes(line) ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(line, resolve));
        await page.goto(`${url}/`);
        return { page, lines, logged };
      }
      // `socket` is the page script's top-level const: a global binding, not a window property
      const idOf = (page: Page) => page.evaluate("socket.id") as Promise<string>;

      const first = await open();
      await first.logged("delivered true");
      // the first page is in the lobby before the second one says hello
      const second = await open();
      await second.logged("delivered true");
      const secondId = await idOf(second.page);
      expect(secondId).to.be.a("string").and.not.equal(await idOf(first.page));
      await first.logged(`${secondId} hello`);
      expect(first.lines).to.deep.equal(["delivered true", `${secondId} hello`]);
      // a sender never hears its own hello (socket.to(room) leaves it out)
      expect(second.lines).to.deep.equal(["delivered true"]);
    });
  });
});

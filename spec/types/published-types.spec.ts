import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));

// The source compiles with `// @ts-expect-error` hints that never reach .d.ts files, so the
// published declarations are checked on their own, the way an app with skipLibCheck off sees them.
describe("types: the published declaration files", function () {
  this.timeout(120000);

  it("compile for a consumer with skipLibCheck off (volley, volley/engine, volley/client)", () => {
    if (!existsSync(join(here, "../../dist/lib/index.d.ts"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    const tsc = join(here, "../../node_modules/typescript/bin/tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", join(here, "published/tsconfig.json")], { encoding: "utf8" });
    expect(result.stdout + result.stderr).to.equal("");
    expect(result.status).to.equal(0);
  });
});

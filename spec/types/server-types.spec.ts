import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));

// One tsc run over every file in fixtures/ (server-types.ts, client-types.ts, …): add a fixture, not a runner.
describe("types: server and client generics", function () {
  this.timeout(120000);

  it("compile the fixtures: typed events flow into the server's Socket, BroadcastOperator and RemoteSocket and the client's io()/Socket/timeout()/emitWithAck; wrong uses are errors", () => {
    const tsc = join(here, "../../node_modules/typescript/bin/tsc");
    const result = spawnSync(process.execPath, [tsc, "--noEmit", "-p", join(here, "tsconfig.json")], { encoding: "utf8" });
    // An unused @ts-expect-error (a wrong use that compiled) is reported as TS2578 and fails too.
    expect(result.stdout + result.stderr).to.equal("");
    expect(result.status).to.equal(0);
  });
});

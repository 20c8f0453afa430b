/**
 * `npm run bench -- --quick` keeps working: it completes, and its JSON report has every figure
 * of every scenario for every server that scenario applies to, plus the ratios and each target's
 * verdict. No timing is asserted (figures only have to be finite numbers): speed belongs to the
 * benchmark itself, not to a pass/fail test on a shared machine.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SCENARIOS } from "../../benchmarks/scenarios.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

interface ReportRow {
  scenario: string;
  metric: string;
  volley: number;
  "socket.io"?: number;
  ws?: number;
  vsSocketIo?: number;
  vsWs?: number;
  target?: { vs: string; max: number; met: boolean };
}

describe("benchmarks: quick mode", function () {
  // Three servers per scenario, each in a fresh child, on a machine other suites share.
  this.timeout(180_000);
  let dir: string;
  let report: { mode: string; rows: ReportRow[] };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "volley-bench-spec-"));
    const out = join(dir, "quick.json");
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "benchmarks/run.ts", "--quick"],
        { cwd: ROOT, env: { ...process.env, BENCH_OUT: out, BENCH_REPS: "1" }, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => (err ? reject(new Error(`bench --quick failed: ${err.message}\n${stdout}\n${stderr}`)) : resolve()),
      );
    });
    report = JSON.parse(readFileSync(out, "utf8"));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("runs in quick mode", () => {
    expect(report.mode).to.equal("quick");
  });

  it("has every figure of every scenario, for each server it applies to", () => {
    for (const scenario of SCENARIOS) {
      for (const spec of scenario.rows) {
        const row = report.rows.find((r) => r.scenario === scenario.name && r.metric === spec.label);
        expect(row, `${scenario.name}: ${spec.label}`).to.not.equal(undefined);
        for (const kind of scenario.kinds) {
          expect(Number.isFinite(row![kind]), `${spec.label} / ${kind}: ${row![kind]}`).to.equal(true);
        }
        if (scenario.kinds.includes("socket.io")) expect(Number.isFinite(row!.vsSocketIo)).to.equal(true);
        if (scenario.kinds.includes("ws")) expect(Number.isFinite(row!.vsWs)).to.equal(true);
      }
    }
  });

  it("gives each target its verdict", () => {
    const targets = SCENARIOS.flatMap((s) => s.rows.filter((r) => r.target).map((r) => ({ scenario: s.name, label: r.label, target: r.target! })));
    expect(targets.length).to.be.greaterThan(5);
    for (const t of targets) {
      const row = report.rows.find((r) => r.scenario === t.scenario && r.metric === t.label)!;
      expect(row.target, t.label).to.include({ vs: t.target.vs, max: t.target.max });
      expect(row.target!.met, t.label).to.be.a("boolean");
    }
  });

  it("reports the client bundle against socket.io-client's", () => {
    const bundle = report.rows.find((r) => r.scenario === "bundle")!;
    expect(bundle.volley).to.be.greaterThan(0);
    expect(bundle["socket.io"]).to.be.greaterThan(0);
  });
});

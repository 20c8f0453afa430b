/**
 * Reads the .cpuprofile files of a directory (written by the server child's profileStop) and lists
 * the functions with the most self time: a cheap first look at a hot path; and the self time by
 * where the code lives (volley's lib/, a package, node:http, net and streams, GC, native calls):
 * whose code the server's CPU goes to.
 *
 * The profiler samples wall time on the main thread: a native call that blocks or is preempted
 * (writev on a loaded machine) weighs more here than in the process's user + system CPU time.
 *
 * @example
 * summarizeProfiles("/tmp/volley-bench-x", "broadcast-volley.cpuprofile", 10).forEach((l) => console.log(l));
 * summarizeCategories("/tmp/volley-bench-x", "broadcast-volley.cpuprofile").forEach((l) => console.log(l));
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT = process.cwd();

function label(frame: ProfileNode["callFrame"]): string {
  const file = frame.url ? relative(ROOT, frame.url.replace(/^file:\/\//, "")) : "(native)";
  // tsx-compiled files report line 0 (no source map in the profile): the name is all we have then.
  const line = frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : "";
  return `${frame.functionName || "(anonymous)"} ${file}${line}`;
}

/** Whose code a frame is; native frames (no url) by name, the syscalls among them apart. */
function category(frame: ProfileNode["callFrame"]): string {
  const { url, functionName: name } = frame;
  if (name === "(garbage collector)") return "V8 GC";
  if (name === "(program)") return "native outside JS (HTTP parser, libuv)";
  if (!url) return /^(writev|writeBuffer|writeUtf8String|writeLatin1String|getpeername|setNoDelay)$/.test(name) ? `syscall ${name}` : "other native";
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:_http") || url === "node:http") return "node:http";
  if (url.startsWith("node:net") || url.includes("stream_base_commons") || url.includes("internal/streams")) return "node:net + streams";
  if (/task_queues|timers/.test(url)) return "node: ticks + timers";
  if (url.startsWith("node:")) return "node: other";
  if (url.includes("/lib/")) return "volley lib/";
  return "other";
}

/** Self time (sampled wall time, idle excluded) by {@link category}, as "12.3% category". */
export function summarizeCategories(dir: string, only: string | undefined): string[] {
  const self = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => (only ? f === only : f.endsWith(".cpuprofile")))) {
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    for (let i = 0; i < profile.samples.length; i++) {
      const frame = byId.get(profile.samples[i]!)!.callFrame;
      if (frame.functionName === "(idle)") continue;
      const weight = profile.timeDeltas[i + 1] ?? 0;
      const name = category(frame);
      self.set(name, (self.get(name) ?? 0) + weight);
      total += weight;
    }
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .filter(([, weight]) => weight / total >= 0.005)
    .map(([name, weight]) => `${((100 * weight) / total).toFixed(1).padStart(5)}% ${name}`);
}

/** The `top` functions by self time over the profiles of `dir` (all, or `only`), as "12.3% name file:line". */
export function summarizeProfiles(dir: string, only: string | undefined, top: number): string[] {
  const self = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => (only ? f === only : f.endsWith(".cpuprofile")))) {
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (hits === 0) continue;
      const name = label(node.callFrame);
      if (name.startsWith("(idle)") || name.startsWith("(program)")) continue;
      self.set(name, (self.get(name) ?? 0) + hits);
      total += hits;
    }
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, hits]) => `${((100 * hits) / total).toFixed(1).padStart(5)}% ${name}`);
}

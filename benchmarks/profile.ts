/**
 * Reads the .cpuprofile files of a directory (written by the server child's profileStop) and lists
 * the functions with the most self time: a cheap first look at a hot path.
 *
 * @example
 * summarizeProfiles("/tmp/volley-bench-x", "broadcast-volley.cpuprofile", 10).forEach((l) => console.log(l));
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
}

const ROOT = process.cwd();

function label(frame: ProfileNode["callFrame"]): string {
  const file = frame.url ? relative(ROOT, frame.url.replace(/^file:\/\//, "")) : "(native)";
  // tsx-compiled files report line 0 (no source map in the profile): the name is all we have then.
  const line = frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : "";
  return `${frame.functionName || "(anonymous)"} ${file}${line}`;
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

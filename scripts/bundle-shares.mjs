// Which module costs how much of socket.io.min.js: for every source in the
// bundle's source map, the gzip bytes the bundle loses without that module's
// code (its marginal share; shares add up to a bit less than the total, as
// gzip finds repeats across modules). Run after `npm run build`:
//   npm run size            # all modules
//   npm run size -- engine  # modules whose path contains "engine"
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { decode } from "@jridgewell/sourcemap-codec";

const file = "dist/bundle/socket.io.min.js";
const code = readFileSync(file, "utf8");
const map = JSON.parse(readFileSync(`${file}.map`, "utf8"));
const gzip = (text) => gzipSync(text, { level: 9 }).length;

// owner[i]: the source that generated character i of the bundle
const owner = [];
const lines = code.split("\n");
decode(map.mappings).forEach((segments, line) => {
  const text = lines[line];
  segments.forEach((segment, i) => {
    const end = i + 1 < segments.length ? segments[i + 1][0] : text.length;
    const source = segment.length > 1 ? map.sources[segment[1]] : "(no source)";
    for (let k = segment[0]; k < end; k++) owner.push(source);
  });
  owner.push("(no source)"); // the newline
});

const total = gzip(code);
const filter = process.argv[2] ?? "";
const rows = [];
for (const source of new Set(owner)) {
  const name = source.replace(/^(\.\.\/)+/, "");
  if (!name.includes(filter)) continue;
  let rest = "";
  for (let i = 0; i < code.length; i++) if (owner[i] !== source) rest += code[i];
  rows.push([total - gzip(rest), name]);
}
rows.sort((a, b) => b[0] - a[0]);
console.log(`${file}: ${code.length} B, gzip ${total} B (${(total / 1024).toFixed(2)} KiB)`);
for (const [bytes, name] of rows) console.log(`${String(bytes).padStart(6)}  ${name}`);

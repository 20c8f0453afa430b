/**
 * Where a server's memory per connection goes: heap snapshots of one server child before and after
 * N idle WebSocket connections, and the difference per connection grouped by constructor (self
 * sizes, so every byte is counted once). A tool for the memory work, not part of `npm run bench`.
 *
 * @example
 * node --import tsx benchmarks/heap.ts volley 2000
 */
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { killAllChildren, type ServerKind } from "./child.js";
import { connectMany, closeAllClients } from "./load/wire.js";
import { withServer } from "./scenario.js";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size and count per "type:name" of a snapshot. */
function summarize(file: string): Map<string, { size: number; count: number }> {
  const snap = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const types = snap.snapshot.meta.node_types[0];
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!]!;
    const name = type === "object" || type === "closure" || type === "native" || type === "hidden" ? snap.strings[snap.nodes[i + nameAt]!]! : "";
    const key = `${type}:${name.slice(0, 60)}`;
    const entry = out.get(key) ?? { size: 0, count: 0 };
    entry.size += snap.nodes[i + sizeAt]!;
    entry.count++;
    out.set(key, entry);
  }
  return out;
}

async function main(): Promise<void> {
  const kind = (process.argv[2] ?? "volley") as ServerKind;
  const n = Number(process.argv[3] ?? 2000);
  const dir = mkdtempSync(join(tmpdir(), "volley-heap-"));
  await withServer(kind, async (server) => {
    const before = (await server.heapSnapshot(join(dir, "before.heapsnapshot"))).file;
    const clients = await connectMany(server.port, n);
    await new Promise((r) => setTimeout(r, 500));
    const after = (await server.heapSnapshot(join(dir, "after.heapsnapshot"))).file;
    const a = summarize(before);
    const b = summarize(after);
    const rows = [...b].map(([key, v]) => ({ key, size: (v.size - (a.get(key)?.size ?? 0)) / n, count: (v.count - (a.get(key)?.count ?? 0)) / n }));
    rows.sort((x, y) => y.size - x.size);
    const total = rows.reduce((t, r) => t + r.size, 0);
    console.log(`${kind}: ${total.toFixed(0)} bytes per connection (self sizes, ${n} idle websockets); snapshots in ${dir}`);
    for (const r of rows.slice(0, 40)) console.log(`${r.size.toFixed(0).padStart(6)} B  ${r.count.toFixed(2).padStart(6)}×  ${r.key}`);
    for (const c of clients) c.close();
  });
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    closeAllClients();
    killAllChildren();
  });

/**
 * What one benchmark scenario is, for run.ts: a name, the servers it applies to, a run that
 * returns one sample (figure key → number) for one server, and the rows the table shows, each
 * with its target where the issue sets one. A scenario that needs its own processes (a cluster)
 * starts them in `run`; the usual one borrows a fresh server child through `withServer`.
 *
 * @example
 * export const echoOne: Scenario = {
 *   name: "echo-1",
 *   kinds: SERVER_KINDS,
 *   run: (kind, quick) => withServer(kind, (s) => measureAck(s, { clients: 1, opsPerClient: quick ? 200 : 3000 })),
 *   rows: [{ key: "p50Us", label: "echo, 1 client: p50 round trip", unit: "µs", better: "lower", target: { vs: "ws", max: 1.1 } }],
 * };
 */
import { startServer, type MeasureHooks, type ServerChild, type ServerKind } from "./child.js";
import { closeAllClients } from "./load/wire.js";

export type Sample = Record<string, number>;
export type Better = "lower" | "higher";

/** A target from the issue: volley / `vs` must stay at or under `max` (for "lower is better" figures). */
export interface Target {
  vs: "socket.io" | "ws";
  max: number;
}

export interface RowSpec {
  /** Key in the scenario's sample. */
  key: string;
  label: string;
  unit: string;
  better: Better;
  target?: Target;
}

export interface Scenario {
  name: string;
  /** Servers this scenario runs against (the raw ws baseline has no polling, for instance). */
  kinds: readonly ServerKind[];
  run(kind: ServerKind, quick: boolean, hooks?: (server: ServerChild) => MeasureHooks): Promise<Sample>;
  rows: RowSpec[];
  /** Run once more under the CPU profiler with BENCH_PROFILE=1. */
  profile?: boolean;
}

/** Starts a fresh server child of `kind`, runs `fn`, then closes every client and the child. */
export async function withServer<T>(kind: ServerKind, fn: (server: ServerChild) => Promise<T>): Promise<T> {
  const server = await startServer(kind);
  try {
    return await fn(server);
  } finally {
    closeAllClients();
    await server.stop();
  }
}

/**
 * Where the cluster specs find Redis and PostgreSQL, a prefix unique to this
 * run (every key, stream, channel and Redis client name starts with it, so
 * parallel runs and the machine's other users are never touched), and the
 * reachability check: under CI=true a missing service fails the suite,
 * elsewhere the suite is skipped with the reason.
 */
import { randomBytes } from "node:crypto";
import { createConnection } from "node:net";
import { createClient } from "redis";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
export const POSTGRES_URL = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Unique per mocha process; suites add their own suffix. */
export const RUN_ID = `volley-spec-${process.pid}-${randomBytes(3).toString("hex")}`;

let counter = 0;
/** A fresh prefix for one cluster (its Redis key, channel prefix, client names). */
export function uniquePrefix(label: string): string {
  return `${RUN_ID}-${label}-${counter++}`;
}

function canConnect(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * For a `before` hook: fails under CI=true when the service cannot be
 * reached (CI must have it), skips the suite elsewhere.
 *
 * @example
 * before(async function () { await requireService(this, "redis"); });
 */
export async function requireService(ctx: Mocha.Context, service: "redis" | "postgres"): Promise<void> {
  const url = service === "redis" ? REDIS_URL : POSTGRES_URL;
  if (await canConnect(url)) return;
  const message = `${service} is not reachable at ${url}`;
  if (process.env.CI === "true") throw new Error(`${message} (CI=true: .ci/run must start it)`);
  console.warn(`  (skipped: ${message})`);
  ctx.skip();
}

/** Waits until `check()` (sync or async) is true, polling every 20 ms; rejects after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Deletes one key of this run (a stream the Redis Streams adapter left). */
export async function deleteRedisKey(key: string): Promise<void> {
  if (!key.startsWith(RUN_ID)) throw new Error(`not a key of this run: ${key}`);
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  await redis.del(key);
  await redis.close();
}

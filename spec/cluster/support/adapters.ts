/**
 * The socket.io adapters the cluster specs run volley (and socket.io) on, each
 * created exactly as an app would, on this run's own prefix: Redis key or
 * channel prefix, stream name, session keys, and the CLIENT SETNAME of every
 * Redis connection (so the fault specs can find and kill only this run's).
 */
import { createClient } from "redis";
import pg from "pg";
import { createAdapter as createRedisAdapter } from "@socket.io/redis-adapter";
import { createAdapter as createRedisStreamsAdapter } from "@socket.io/redis-streams-adapter";
import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import { createAdapter as createNodeClusterAdapter } from "@socket.io/cluster-adapter";
import { POSTGRES_URL, REDIS_URL } from "./env.js";

export type AdapterKind = "redis" | "redis-streams" | "postgres" | "cluster";

/** What a node needs: the adapter factory for `new Server({ adapter })`, and how to release its connections. */
export interface AdapterHandle {
  adapter: unknown;
  close(): Promise<void>;
}

/** Attachments table of the Postgres adapter (only used for binary or large payloads). */
export const POSTGRES_TABLE = "volley_spec_socket_io_attachments";

/** Heartbeats of the heartbeat-based adapters, short so nodes find each other quickly. */
const HEARTBEAT = { heartbeatInterval: 200, heartbeatTimeout: 3000 };

function ignore(): void {}

/**
 * Creates the adapter of one node of a cluster named `prefix`.
 *
 * @example
 * const { adapter, close } = await createAdapterFor("redis", prefix, "A");
 * const io = new Server(httpServer, { adapter });
 */
export async function createAdapterFor(kind: AdapterKind, prefix: string, node: string): Promise<AdapterHandle> {
  switch (kind) {
    case "redis": {
      const pub = createClient({ url: REDIS_URL, name: `${prefix}-${node}-pub` });
      const sub = createClient({ url: REDIS_URL, name: `${prefix}-${node}-sub` });
      // An app must listen for "error": node-redis emits one each time the connection drops.
      pub.on("error", ignore);
      sub.on("error", ignore);
      await Promise.all([pub.connect(), sub.connect()]);
      return {
        adapter: createRedisAdapter(pub, sub, { key: prefix, requestsTimeout: 3000 }),
        close: async () => {
          pub.destroy();
          sub.destroy();
        },
      };
    }
    case "redis-streams": {
      const client = createClient({ url: REDIS_URL, name: `${prefix}-${node}` });
      client.on("error", ignore);
      await client.connect();
      return {
        adapter: createRedisStreamsAdapter(client, {
          streamName: `${prefix}-stream`,
          channelPrefix: prefix,
          sessionKeyPrefix: `${prefix}:session:`,
          blockTimeInMs: 200,
        }),
        close: async () => client.destroy(),
      };
    }
    case "postgres": {
      // application_name marks this node's connections (the fault spec terminates only those).
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4, application_name: `${prefix}-${node}` });
      pool.on("error", ignore);
      // The adapter keeps one client checked out for LISTEN without an "error" listener: a dropped
      // connection would be an uncaught exception. Every client gets one (the README says so too).
      pool.on("connect", (client) => client.on("error", ignore));
      await pool.query(
        `CREATE TABLE IF NOT EXISTS ${POSTGRES_TABLE} (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`,
      );
      return {
        adapter: createPostgresAdapter(pool, { channelPrefix: prefix, tableName: POSTGRES_TABLE, ...HEARTBEAT }),
        // The adapter releases its LISTEN client when the server closes; a client whose connection
        // was killed may never be released, and pool.end() would wait for it forever: bounded.
        close: () =>
          new Promise<void>((resolve) => {
            setTimeout(resolve, 1000).unref();
            setTimeout(() => void pool.end().then(resolve, resolve), 50);
          }),
      };
    }
    case "cluster":
      return { adapter: createNodeClusterAdapter(HEARTBEAT), close: async () => {} };
  }
}

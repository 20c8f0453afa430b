/**
 * The built-in scenarios, one per row of issue 12's target table. Full parameters are the
 * issue's; quick ones (BENCH_QUICK=1) are small enough for the spec that keeps the harness working.
 *
 * @example
 * for (const s of SCENARIOS) console.log(s.name, s.rows.map((r) => r.label));
 */
import { SERVER_KINDS } from "./child.js";
import { measureAck } from "./load/ack.js";
import { measureBroadcast } from "./load/broadcast.js";
import { measureConnect } from "./load/connect.js";
import { measureMemory } from "./load/memory.js";
import { measurePolling } from "./load/polling.js";
import { withServer, type Sample, type Scenario } from "./scenario.js";

export const PARAMS = {
  full: {
    fanout: { clients: 1000, messages: 200, payloadSize: 100 },
    memory: { connections: 5000 },
    connect: { connections: 2000 },
    polling: { clients: 20, opsPerClient: 100 },
    echo: { clients: 50, opsPerClient: 200, warmupOpsPerClient: 200 },
    echoOne: { clients: 1, opsPerClient: 3000, warmupOpsPerClient: 3000 },
  },
  quick: {
    fanout: { clients: 100, messages: 20, payloadSize: 100 },
    memory: { connections: 200 },
    connect: { connections: 100 },
    polling: { clients: 4, opsPerClient: 10 },
    echo: { clients: 10, opsPerClient: 20, warmupOpsPerClient: 5 },
    echoOne: { clients: 1, opsPerClient: 100, warmupOpsPerClient: 20 },
  },
};

const params = (quick: boolean) => (quick ? PARAMS.quick : PARAMS.full);

export const SCENARIOS: Scenario[] = [
  {
    name: "fanout",
    kinds: SERVER_KINDS,
    profile: true,
    run: (kind, quick, hooks) =>
      withServer(kind, (s) => measureBroadcast(s, params(quick).fanout, hooks?.(s)) as unknown as Promise<Sample>),
    rows: [
      { key: "cpuPerDeliveredUs", label: "fan-out, 1000 in a room: server CPU per delivered message", unit: "µs", better: "lower", target: { vs: "socket.io", max: 0.25 } },
      { key: "deliveredPerSec", label: "fan-out: delivered messages per second", unit: "msg/s", better: "higher" },
    ],
  },
  {
    name: "memory",
    kinds: SERVER_KINDS,
    run: (kind, quick) => withServer(kind, (s) => measureMemory(s, params(quick).memory.connections)),
    rows: [
      { key: "heapPerConn", label: "memory, 5000 idle websockets: heap per connection", unit: "bytes", better: "lower", target: { vs: "socket.io", max: 0.45 } },
      { key: "rssPerConn", label: "memory: RSS per connection", unit: "bytes", better: "lower" },
    ],
  },
  {
    name: "connect",
    kinds: SERVER_KINDS,
    profile: true,
    run: (kind, quick, hooks) =>
      withServer(kind, (s) => measureConnect(s, params(quick).connect.connections, hooks?.(s)) as unknown as Promise<Sample>),
    rows: [
      { key: "cpuPerConnUs", label: "connect, websocket only, 2000: server CPU per connection", unit: "µs", better: "lower", target: { vs: "socket.io", max: 0.6 } },
    ],
  },
  {
    name: "polling",
    // "ws" here is the raw node:http polling floor (http-polling-baseline.ts).
    kinds: SERVER_KINDS,
    profile: true,
    run: (kind, quick, hooks) =>
      withServer(kind, (s) => measurePolling(s, params(quick).polling, hooks?.(s)) as unknown as Promise<Sample>),
    rows: [
      { key: "cpuPerAckUs", label: "polling echo, 20 clients: server CPU per ack", unit: "µs", better: "lower", target: { vs: "socket.io", max: 0.7 } },
    ],
  },
  {
    name: "echo",
    kinds: SERVER_KINDS,
    profile: true,
    run: (kind, quick, hooks) => withServer(kind, (s) => measureAck(s, params(quick).echo, hooks?.(s)) as unknown as Promise<Sample>),
    rows: [
      { key: "cpuPerAckUs", label: "echo, 50 clients: server CPU per ack", unit: "µs", better: "lower", target: { vs: "ws", max: 1.1 } },
      { key: "opsPerSec", label: "echo, 50 clients: acks per second", unit: "ops/s", better: "higher" },
    ],
  },
  {
    name: "echo-1",
    kinds: SERVER_KINDS,
    run: (kind, quick) => withServer(kind, (s) => measureAck(s, params(quick).echoOne) as unknown as Promise<Sample>),
    rows: [{ key: "p50Us", label: "echo, 1 client: p50 round trip", unit: "µs", better: "lower", target: { vs: "ws", max: 1.1 } }],
  },
];

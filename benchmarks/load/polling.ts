/**
 * Polling echo: C long-polling clients (node:http, keep-alive), each first doing the handshake
 * (GET `/socket.io/?EIO=4&transport=polling` → POST `40` → GET `40{"sid":...}`), then K sequential
 * acks: a GET is left pending, a POST carries `42<id>["echo",<id>,"ping"]`, and the pending GET
 * returns `43<id>[...]`. The figure is server CPU over the ack phase divided by C × K.
 *
 * @example
 * const r = await measurePolling(server, { clients: 20, opsPerClient: 100 });
 */
import { Agent, request } from "node:http";
import { cpuMsBetween, type MeasureHooks, type ServerChild } from "../child.js";

export interface PollingParams {
  clients: number;
  opsPerClient: number;
}

export interface PollingResult {
  /** Server CPU per acknowledged event, µs (two HTTP requests each). */
  cpuPerAckUs: number;
  acksPerSec: number;
}

const REQUEST_TIMEOUT_MS = 10_000;
const BASE = "/socket.io/?EIO=4&transport=polling";

function httpCall(agent: Agent, port: number, method: "GET" | "POST", path: string, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: body === undefined ? {} : { "content-type": "text/plain;charset=UTF-8", "content-length": Buffer.byteLength(body) },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text}`))));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Handshake and namespace connect; resolves with the session's polling path. */
async function openSession(agent: Agent, port: number): Promise<string> {
  const open = await httpCall(agent, port, "GET", BASE);
  if (open[0] !== "0") throw new Error(`handshake: expected an open packet, got ${open.slice(0, 80)}`);
  const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
  const path = `${BASE}&sid=${encodeURIComponent(sid)}`;
  const ok = await httpCall(agent, port, "POST", path, "40");
  if (ok !== "ok") throw new Error(`POST 40: expected "ok", got ${ok.slice(0, 80)}`);
  const reply = await httpCall(agent, port, "GET", path);
  if (!reply.startsWith("40{")) throw new Error(`connect: expected 40{sid}, got ${reply.slice(0, 80)}`);
  return path;
}

async function echoLoop(agent: Agent, port: number, path: string, ops: number): Promise<void> {
  for (let id = 0; id < ops; id++) {
    const want = `43${id}[`;
    const poll = (async () => {
      // Anything else arriving first (a ping) is answered and polled past.
      for (;;) {
        const text = await httpCall(agent, port, "GET", path);
        if (text.includes(want)) return;
        if (text.split("\x1e").includes("2")) await httpCall(agent, port, "POST", path, "3");
      }
    })();
    const posted = await httpCall(agent, port, "POST", path, `42${id}["echo",${id},"ping"]`);
    if (posted !== "ok") throw new Error(`POST event: expected "ok", got ${posted.slice(0, 80)}`);
    await poll;
  }
}

export async function measurePolling(server: ServerChild, params: PollingParams, hooks?: MeasureHooks): Promise<PollingResult> {
  // Two requests per client may be in flight (the pending GET and the POST).
  const agent = new Agent({ keepAlive: true, maxSockets: params.clients * 2 });
  try {
    const paths = await Promise.all(Array.from({ length: params.clients }, () => openSession(agent, server.port)));
    await hooks?.before?.();
    const before = await server.stats(false);
    const start = process.hrtime.bigint();
    await Promise.all(paths.map((path) => echoLoop(agent, server.port, path, params.opsPerClient)));
    const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
    const after = await server.stats(false);
    await hooks?.after?.();
    const acks = params.clients * params.opsPerClient;
    return { cpuPerAckUs: (cpuMsBetween(before, after) * 1000) / acks, acksPerSec: acks / elapsedS };
  } finally {
    agent.destroy();
  }
}

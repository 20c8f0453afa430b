/**
 * Metric 4: polling handshake rate. S sessions, `concurrency` at a time, each:
 * GET `/socket.io/?EIO=4&transport=polling` (open packet) → POST `40` →
 * GET until `40{"sid":...}` arrives (the namespace connect is complete).
 *
 * @example
 * const r = await measurePolling(server, { sessions: 2000, concurrency: 20 });
 */
import { Agent, request } from "node:http";
import { cpuMsBetween, type MeasureHooks, type ServerChild } from "../child.js";

export interface PollingParams {
  sessions: number;
  concurrency: number;
}

export interface PollingResult {
  handshakesPerSec: number;
  serverCpuMs: number;
}

const REQUEST_TIMEOUT_MS = 10_000;

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

async function oneSession(agent: Agent, port: number): Promise<void> {
  const base = "/socket.io/?EIO=4&transport=polling";
  const open = await httpCall(agent, port, "GET", base);
  if (open[0] !== "0") throw new Error(`handshake: expected an open packet, got ${open.slice(0, 80)}`);
  const sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
  const path = `${base}&sid=${encodeURIComponent(sid)}`;
  const ok = await httpCall(agent, port, "POST", path, "40");
  if (ok !== "ok") throw new Error(`POST 40: expected "ok", got ${ok.slice(0, 80)}`);
  const reply = await httpCall(agent, port, "GET", path);
  if (!reply.startsWith("40{")) throw new Error(`connect: expected 40{sid}, got ${reply.slice(0, 80)}`);
}

export async function measurePolling(server: ServerChild, params: PollingParams, hooks?: MeasureHooks): Promise<PollingResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: params.concurrency });
  try {
    await hooks?.before?.();
    const before = await server.stats(false);
    const start = process.hrtime.bigint();
    let next = 0;
    async function worker(): Promise<void> {
      while (next < params.sessions) {
        next++;
        await oneSession(agent, server.port);
      }
    }
    await Promise.all(Array.from({ length: params.concurrency }, worker));
    const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
    const after = await server.stats(false);
    await hooks?.after?.();
    return { handshakesPerSec: params.sessions / elapsedS, serverCpuMs: cpuMsBetween(before, after) };
  } finally {
    agent.destroy();
  }
}

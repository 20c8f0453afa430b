/**
 * Shared helpers for engine specs: an http server + Engine on port 0, raw
 * HTTP requests, raw WebSocket clients. Everything listens on 127.0.0.1.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket } from "ws";
import { Engine, type EngineOptions } from "../../lib/engine/index.js";
import type { AttachOptions } from "../../lib/engine/attach.js";

export interface TestEngine {
  engine: Engine;
  http: Server;
  port: number;
  /** Path with the engine prefix, e.g. path("EIO=4&transport=polling"). */
  path(query: string): string;
  close(): Promise<void>;
}

/** Starts an http server with an attached engine on 127.0.0.1:0. */
export async function startEngine(opts?: EngineOptions, attach?: AttachOptions, http: Server = createServer()): Promise<TestEngine> {
  const engine = new Engine(opts);
  engine.attach(http, attach);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  const prefix = (attach?.path ?? "/engine.io").replace(/\/$/, "") + (attach?.addTrailingSlash === false ? "" : "/");
  return {
    engine,
    http,
    port,
    path: (query) => `${prefix}?${query}`,
    close: async () => {
      engine.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  raw: Buffer;
}

/** One HTTP request without a client library; resolves when the response ends. */
export function rawRequest(
  port: number,
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString("utf8"), raw });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

/** A polling handshake; returns the sid and the open packet's JSON. */
export async function pollingHandshake(
  t: TestEngine,
  extra = "",
  headers?: Record<string, string>,
): Promise<{ sid: string; open: Record<string, unknown>; res: RawResponse }> {
  const res = await rawRequest(t.port, "GET", t.path(`EIO=4&transport=polling${extra}`), { headers });
  if (res.status !== 200 || !res.body.startsWith("0")) throw new Error(`handshake failed: ${res.status} ${res.body}`);
  const open = JSON.parse(res.body.slice(1)) as Record<string, unknown>;
  return { sid: open.sid as string, open, res };
}

/** A raw ws client; collects every frame in `frames`. */
export interface RawWs {
  ws: WebSocket;
  frames: Array<{ data: string | Buffer; isBinary: boolean }>;
  /** The next frame not yet taken by next(). */
  next(timeoutMs?: number): Promise<{ data: string | Buffer; isBinary: boolean }>;
  closed: Promise<{ code: number; reason: string }>;
}

export function openRawWs(t: TestEngine, query: string, headers?: Record<string, string>): Promise<RawWs> {
  const ws = new WebSocket(`ws://127.0.0.1:${t.port}${t.path(query)}`, { headers });
  const frames: RawWs["frames"] = [];
  let taken = 0;
  const waiters: Array<() => void> = [];
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    frames.push({ data: isBinary ? data : data.toString("utf8"), isBinary });
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const next = (timeoutMs = 2000): Promise<{ data: string | Buffer; isBinary: boolean }> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (taken < frames.length) {
          resolve(frames[taken++]!);
          return true;
        }
        return false;
      };
      if (check()) return;
      const timer = setTimeout(() => reject(new Error("no frame in time")), timeoutMs);
      const waiter = (): void => {
        if (check()) clearTimeout(timer);
        else waiters.push(waiter);
      };
      waiters.push(waiter);
    });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, frames, next, closed }));
    ws.once("unexpected-response", (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
    ws.once("error", reject);
  });
}

/** Resolves with the arguments of the next `event`, or rejects after `timeoutMs`. */
export function waitForEvent<T extends unknown[] = unknown[]>(
  emitter: { once(event: string, listener: (...args: never[]) => void): unknown },
  event: string,
  timeoutMs = 3000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${timeoutMs} ms`)), timeoutMs);
    emitter.once(event, ((...args: T) => {
      clearTimeout(timer);
      resolve(args);
    }) as never);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

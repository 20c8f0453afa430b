/**
 * Test helpers for the Engine.IO client specs: an official engine.io 6
 * server on 127.0.0.1:0, a raw HTTP stub server, and small waiting helpers.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type ServerOptions, type Socket } from "engine.io";
import { EngineClient, type EngineClientEvents } from "../../client/engine/index.js";
import type { EngineClientOptions } from "../../client/engine/types.js";

export interface TestServer {
  url: string;
  engine: Server;
  http: HttpServer;
  close(): Promise<void>;
}

/** An engine.io 6 server attached at "/engine.io/". */
export async function startEngineIo(opts: ServerOptions = {}): Promise<TestServer> {
  const http = createServer();
  const engine = new Server(opts);
  engine.attach(http, { path: "/engine.io/" });
  return listen(http, () => engine.close(), engine);
}

/** The part of a server-side engine socket the mode suite uses; engine.io's and volley's both have it. */
export interface ServerSocketLike {
  transport: { name: string };
  send(data: unknown): unknown;
  close(): unknown;
  on(event: "message", fn: (data: unknown) => void): unknown;
  once(event: "message" | "close", fn: (arg: never) => void): unknown;
}

/** A server the mode suite runs against. */
export interface ModeServer {
  url: string;
  sid(socket: ServerSocketLike): string;
  nextConnection(ms?: number): Promise<ServerSocketLike>;
  close(): Promise<void>;
}

/** Engine.IO server implementations the mode suite is run against. */
export const SERVER_KINDS = {
  "engine.io 6": async (opts: { transports?: ("polling" | "websocket")[] }): Promise<ModeServer> => {
    const server = await startEngineIo(opts);
    return { url: server.url, sid, nextConnection: (ms) => nextConnection(server, ms) as Promise<unknown> as Promise<ServerSocketLike>, close: server.close };
  },
  "volley Engine": async (opts: { transports?: ("polling" | "websocket")[] }): Promise<ModeServer> => {
    // imported lazily: the other specs of this folder need not load the server
    const { Engine } = await import("../../lib/engine/index.js");
    const http = createServer();
    const engine = new Engine(opts).attach(http, { path: "/engine.io/" });
    const server = await listen(http, () => engine.close());
    const connection = (ms = 5000) =>
      new Promise<ServerSocketLike>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no server connection within ${ms} ms`)), ms);
        engine.once("connection", (socket) => {
          clearTimeout(timer);
          resolve(socket as unknown as ServerSocketLike);
        });
      });
    return { url: server.url, sid, nextConnection: connection, close: server.close };
  },
} as const;

function sid(socket: ServerSocketLike): string {
  return (socket as unknown as { id: string }).id;
}

/** A raw HTTP server answering every request with `handler`. */
export async function startStub(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Omit<TestServer, "engine">> {
  return listen(createServer(handler), () => undefined);
}

async function listen(http: HttpServer, shutdown: () => void, engine?: Server): Promise<TestServer> {
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    engine: engine as Server,
    http,
    close: () =>
      new Promise<void>((resolve) => {
        shutdown();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

const clients: EngineClient[] = [];
const servers: { close(): Promise<void> }[] = [];

/** A client that `cleanup()` closes. */
export function client(url: string, opts: EngineClientOptions = {}): EngineClient {
  const c = new EngineClient(url, opts);
  clients.push(c);
  return c;
}

/** Registers a server that `cleanup()` closes. */
export function track<T extends { close(): Promise<void> }>(server: T): T {
  servers.push(server);
  return server;
}

/** Closes every client and server made through this module; for afterEach. */
export async function cleanup(): Promise<void> {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
}

/** Resolves with the arguments of the next `event`, rejects after `ms`. */
export function next<Ev extends keyof EngineClientEvents>(
  c: EngineClient,
  event: Ev,
  ms = 5000,
): Promise<Parameters<EngineClientEvents[Ev]>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${String(event)}" within ${ms} ms`)), ms);
    c.once(event, ((...args: Parameters<EngineClientEvents[Ev]>) => {
      clearTimeout(timer);
      resolve(args);
    }) as EngineClientEvents[Ev]);
  });
}

/** The next server-side engine.io connection. */
export function nextConnection(server: TestServer, ms = 5000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no server connection within ${ms} ms`)), ms);
    server.engine.once("connection", (socket: Socket) => {
      clearTimeout(timer);
      resolve(socket);
    });
  });
}

/** Resolves once `predicate` holds, polling every 10 ms. */
export async function until(predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The raw node:http polling floor, part of the raw baseline (ws-baseline.ts): the polling echo of
 * load/polling.ts answered with plain node:http and no framework, so the benchmark shows what the
 * HTTP layer itself costs per polling ack (two requests and two responses).
 *
 * It speaks just enough for load/polling.ts: a GET without `sid=` is a handshake (`0{...}`); a POST
 * queues `40{"sid":...}` for `40` and `43<id>[...]` (the arguments JSON-parsed and re-stringified)
 * for `42<id>["echo",...]`, answering `ok`; a GET with `sid=` returns what is queued, or is held until
 * something is. No query parsing beyond `sid=`, no limits, timers, heartbeats or packet objects.
 *
 * @example
 * httpServer.on("request", createPollingBaseline());
 */
import type { IncomingMessage, ServerResponse } from "node:http";

const RECORD_SEPARATOR = "\x1e";
let nextSid = 0;

interface Session {
  queue: string[];
  held: ServerResponse | null;
}

function respond(res: ServerResponse, body: string): void {
  res.writeHead(200, ["Content-Type", "text/plain; charset=UTF-8", "Content-Length", String(Buffer.byteLength(body))]);
  res.end(body);
}

function flush(session: Session): void {
  const res = session.held;
  if (!res || session.queue.length === 0) return;
  session.held = null;
  const body = session.queue.join(RECORD_SEPARATOR);
  session.queue = [];
  respond(res, body);
}

function onPacket(sid: string, session: Session, packet: string): void {
  if (packet === "40") session.queue.push(`40{"sid":"${sid}"}`);
  else if (packet.startsWith("42")) {
    const bracket = packet.indexOf("[");
    const [, ...args] = JSON.parse(packet.slice(bracket)) as unknown[];
    session.queue.push(`43${packet.slice(2, bracket)}${JSON.stringify(args)}`);
  }
}

/** The "request" listener of the polling floor; `sessions` is exposed for the socket count. */
export function createPollingBaseline(sessions = new Map<string, Session>()): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = req.url ?? "";
    const at = url.indexOf("sid=");
    if (at === -1) {
      const sid = `p${++nextSid}`;
      sessions.set(sid, { queue: [], held: null });
      respond(res, `0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`);
      return;
    }
    const sid = decodeURIComponent(url.slice(at + 4).split("&", 1)[0]!);
    const session = sessions.get(sid);
    if (!session) {
      res.writeHead(400).end();
      return;
    }
    if (req.method === "GET") {
      session.held = res;
      flush(session);
      return;
    }
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      respond(res, "ok");
      for (const packet of body.split(RECORD_SEPARATOR)) onPacket(sid, session, packet);
      flush(session);
    });
  };
}

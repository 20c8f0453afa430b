/**
 * The raw `ws` baseline: the same app as the two Socket.IO servers (a socket with `?room=1` joins
 * "room", `echo` answers with its arguments), written straight on ws with JSON frames, so the
 * benchmark shows what a realtime framework costs above the WebSocket library itself.
 *
 * It speaks just enough of the text framing for the benchmark's wire client (load/wire.ts) to drive
 * it unchanged: an open frame `0{...}` on connect, `40{"sid":...}` in answer to `40`, and
 * `43<id>[...]` (the JSON-parsed then re-stringified arguments) in answer to `42<id>["echo",...]`.
 * No heartbeats, namespaces, acks bookkeeping or packet objects: that is the floor.
 * The polling scenario's floor, the same echo over plain node:http, is http-polling-baseline.ts.
 *
 * @example
 * const io = createWsBaseline(httpServer);
 * io.to("room").emit("tick", { i: 1 });
 */
import type { Server as HttpServer, IncomingMessage } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { createPollingBaseline } from "./http-polling-baseline.js";

interface BaselineSocket extends WebSocket {
  sid: string;
}

const PATH = "/socket.io/";
let nextSid = 0;

/** The raw-ws server, shaped like the part of `Server` the benchmark child uses. */
export class WsBaseline {
  readonly #wss: WebSocketServer;
  readonly #sockets = new Map<string, BaselineSocket>();
  readonly #room = new Set<BaselineSocket>();

  constructor(httpServer: HttpServer) {
    this.#wss = new WebSocketServer({ server: httpServer, path: PATH, perMessageDeflate: false });
    this.#wss.on("connection", (ws: BaselineSocket, req: IncomingMessage) => this.#onConnection(ws, req));
    // The polling scenario's floor: plain node:http (http-polling-baseline.ts).
    httpServer.on("request", createPollingBaseline());
  }

  #onConnection(ws: BaselineSocket, req: IncomingMessage): void {
    ws.sid = String(++nextSid);
    if (req.url?.includes("room=1")) this.#room.add(ws);
    ws.send(`0{"sid":"${ws.sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`);
    ws.on("message", (data: Buffer) => {
      const text = data.toString();
      if (text === "40") {
        this.#sockets.set(ws.sid, ws);
        ws.send(`40{"sid":"${ws.sid}"}`);
        return;
      }
      if (text.startsWith("42")) {
        // 42<id>[event, ...args]: the "handler" echoes its arguments in the reply.
        const bracket = text.indexOf("[");
        const id = text.slice(2, bracket);
        const [, ...args] = JSON.parse(text.slice(bracket)) as unknown[];
        ws.send(`43${id}${JSON.stringify(args)}`);
      }
    });
    ws.on("close", () => {
      this.#sockets.delete(ws.sid);
      this.#room.delete(ws);
    });
  }

  /** Stats and the memory scenario read `of("/").sockets.size`. */
  of(_nsp: string): { sockets: Map<string, unknown> } {
    return { sockets: this.#sockets };
  }

  /** A broadcast the plain way: stringify once, send the string to each member. */
  to(_room: string): { emit(event: string, ...args: unknown[]): void } {
    return {
      emit: (event: string, ...args: unknown[]) => {
        const frame = `42${JSON.stringify([event, ...args])}`;
        for (const ws of this.#room) ws.send(frame);
      },
    };
  }

  on(_event: "connection", _listener: unknown): void {
    // The app is built in: nothing to register.
  }

  close(fn?: () => void): void {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close(() => fn?.());
  }
}

/**
 * The lightest client that still speaks the protocol, for load specs: one
 * `ws` connection per client, Engine.IO over WebSocket only, namespace "/",
 * text packets. It answers pings, sends acked events and collects the events
 * and acks it receives. Thousands fit in one test process next to the server.
 */
import WebSocket from "ws";

/** A minimal Socket.IO client over a raw WebSocket. */
export class RawClient {
  readonly ws: WebSocket;
  /** Events received, as [name, ...args]. */
  readonly events: unknown[][] = [];
  /** The socket id once connected. */
  id: string | undefined;
  /** Why the connection closed, once it has. */
  closeCode: number | undefined;
  #nextAck = 0;
  readonly #acks = new Map<number, (args: unknown[]) => void>();
  readonly #connected: Promise<void>;

  constructor(port: number) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    this.ws.on("error", () => {});
    this.#connected = new Promise((resolve, reject) => {
      this.ws.on("close", (code) => {
        this.closeCode = code;
        reject(new Error(`closed (${code}) before CONNECT`));
      });
      this.ws.on("message", (data) => {
        const text = String(data);
        if (text[0] === "0") this.ws.send("40");
        else if (text === "2") this.ws.send("3");
        else if (text.startsWith("40")) {
          this.id = (JSON.parse(text.slice(2)) as { sid: string }).sid;
          resolve();
        } else if (text.startsWith("42")) this.events.push(JSON.parse(text.slice(2)) as unknown[]);
        else if (text.startsWith("43")) {
          const bracket = text.indexOf("[");
          const id = Number(text.slice(2, bracket));
          this.#acks.get(id)?.(JSON.parse(text.slice(bracket)) as unknown[]);
          this.#acks.delete(id);
        }
      });
    });
  }

  /** Resolves once the server accepted the namespace CONNECT. */
  connected(): Promise<void> {
    return this.#connected;
  }

  /** Emits an event with an ack; resolves with the answer's arguments (rejects after `ms`). */
  emitWithAck(name: string, ...args: unknown[]): Promise<unknown[]> {
    const id = this.#nextAck++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${name} #${id}`)), 30000);
      this.#acks.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.ws.send("42" + id + JSON.stringify([name, ...args]));
    });
  }

  /** How many acks are still awaited. */
  get pendingAcks(): number {
    return this.#acks.size;
  }

  close(): void {
    this.ws.close();
  }
}

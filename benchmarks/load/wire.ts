/**
 * A raw WebSocket client speaking Engine.IO v4 + Socket.IO v5 text frames, so
 * that no client library biases the numbers: wait for `0{...}`, send `40`, wait
 * for `40{"sid":...}`, answer every `2` with `3`.
 *
 * @example
 * const client = await connectWire(port, { room: true });
 * client.onEvent = (frame) => count++;
 * client.close();
 */
import WebSocket from "ws";

const PING = 0x32; // "2"
const MESSAGE = 0x34; // "4"
const SIO_EVENT = 0x32; // "2" after "4"
const SIO_ACK = 0x33; // "3" after "4"
const SIO_CONNECT = 0x30; // "0" after "4"
const PONG = "3";
const CONNECT_TIMEOUT_MS = 15_000;

/** Every client ever opened and not yet closed, so a failing run can close them all. */
const openClients = new Set<WireClient>();

export class WireClient {
  /** Called with each Socket.IO EVENT frame (`42...`); the raw bytes, not decoded. */
  onEvent: ((frame: Buffer) => void) | null = null;
  /** Called with each Socket.IO ACK frame (`43...`). */
  onAck: ((frame: Buffer) => void) | null = null;
  connected = false;
  private onConnected: (() => void) | null = null;

  constructor(readonly ws: WebSocket) {
    ws.on("message", onWireMessage as (this: WebSocket, data: WebSocket.RawData) => void);
    (ws as WebSocket & { wire: WireClient }).wire = this;
  }

  /** Sends one text frame. */
  send(text: string): void {
    this.ws.send(text);
  }

  /** Terminates the socket at once (no close handshake: the server sees a transport close). */
  close(): void {
    openClients.delete(this);
    this.ws.terminate();
  }

  /** @internal */
  handle(data: Buffer): void {
    const type = data[0];
    if (type === PING && data.length === 1) {
      this.ws.send(PONG);
      return;
    }
    if (type !== MESSAGE) return;
    const sub = data[1];
    if (sub === SIO_EVENT) this.onEvent?.(data);
    else if (sub === SIO_ACK) this.onAck?.(data);
    else if (sub === SIO_CONNECT && !this.connected) {
      this.connected = true;
      this.onConnected?.();
      this.onConnected = null;
    }
  }

  /** @internal */
  waitConnected(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no 40{sid} within 15 s")), CONNECT_TIMEOUT_MS);
      this.onConnected = () => {
        clearTimeout(timer);
        resolve();
      };
      this.ws.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      this.ws.once("close", () => {
        clearTimeout(timer);
        if (!this.connected) reject(new Error("socket closed before 40{sid}"));
      });
    });
  }
}

// One module-level listener for every client: no closure per connection on the generator side.
function onWireMessage(this: WebSocket & { wire: WireClient }, data: Buffer): void {
  this.wire.handle(data);
}

/** Opens a WebSocket to "/" and resolves once the Socket.IO CONNECT reply arrived. */
export async function connectWire(port: number, opts: { room?: boolean } = {}): Promise<WireClient> {
  const query = opts.room ? "&room=1" : "";
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket${query}`, { perMessageDeflate: false });
  const client = new WireClient(ws);
  openClients.add(client);
  // The open packet `0{...}` comes first; "40" may be sent right after the ws opens.
  ws.once("open", () => ws.send("40"));
  await client.waitConnected();
  return client;
}

/** Opens `count` clients, `concurrency` at a time. */
export async function connectMany(port: number, count: number, opts: { room?: boolean; concurrency?: number } = {}): Promise<WireClient[]> {
  const clients: WireClient[] = [];
  const concurrency = opts.concurrency ?? 50;
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      next++;
      clients.push(await connectWire(port, opts));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return clients;
}

/** Closes every client still open (also those of a failed run). */
export function closeAllClients(): void {
  for (const client of openClients) client.close();
  openClients.clear();
}

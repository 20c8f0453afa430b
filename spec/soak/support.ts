/**
 * Shared parts of the soak, load and fault specs: a forced GC for heap
 * measurements, the process's pending timers, a tripwire that fails the run
 * on any uncaught exception or unhandled rejection, and raw clients that
 * give up halfway (mid-handshake, mid-upgrade).
 */
import { connect as netConnect } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import WebSocket from "ws";
import { httpCall } from "../hardening/support.js";


// --expose-gc for this process without a flag on the command line: the flag is set, and a fresh
// context (which reads it when created) hands out its `gc`.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/**
 * Collects garbage until the heap stops shrinking, and returns heapUsed in bytes.
 *
 * @example
 * const before = await settledHeap(); … ; expect(await settledHeap() - before).to.be.below(4 * MiB);
 */
export async function settledHeap(): Promise<number> {
  let last = Infinity;
  for (let i = 0; i < 6; i++) {
    gc();
    // finalizers and weak callbacks run between turns
    await new Promise((resolve) => setImmediate(resolve));
    const used = process.memoryUsage().heapUsed;
    if (used >= last - 64 * 1024) return used;
    last = used;
  }
  return last;
}

/** How many timers (setTimeout / setInterval) are pending in this process. */
export function pendingTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
}

/** A TCP connection that sends half a handshake request and goes away. */
export function cutMidHandshake(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = netConnect(port, "127.0.0.1", () => {
      socket.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      setImmediate(() => socket.destroy());
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve());
  });
}

/** A WebSocket session that is dropped after the open packet, before its CONNECT. */
export function cutBeforeConnect(port: number): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    ws.on("error", () => {});
    ws.once("message", () => ws.terminate());
    ws.on("close", () => resolve());
  });
}

/** A polling session whose WebSocket upgrade is dropped after "3probe", before "5"; the session is then abandoned. */
export async function cutMidUpgrade(port: number): Promise<void> {
  const { body } = await httpCall(port, "GET", "/socket.io/?EIO=4&transport=polling");
  const sid = (JSON.parse(body.slice(1)) as { sid: string }).sid;
  await new Promise<void>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket&sid=${sid}`);
    ws.on("error", () => {});
    ws.on("open", () => ws.send("2probe"));
    ws.on("message", () => ws.terminate());
    ws.on("close", () => resolve());
  });
}

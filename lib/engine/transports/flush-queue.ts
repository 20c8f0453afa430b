/**
 * Write coalescing for WebSocket transports. Frames are queued per connection
 * and written once per event-loop turn, in one burst with the stream corked:
 * ws corks only a frame's header and payload together, so without that cork
 * each frame is its own writev syscall (and TCP segment); with it a flush is
 * one. The queue is module-level, so a connection costs no timer and no closure.
 */
import { createLog } from "../../log.js";

const log = createLog("volley:engine:websocket");

/** What the end of the turn calls: a transport that queued frames. */
export interface FlushTarget {
  flushFrames(): void;
}

let flushQueue: FlushTarget[] = [];
let spareQueue: FlushTarget[] = [];
let flushScheduled = false;

/**
 * Calls `target.flushFrames()` at the end of this event-loop turn (setImmediate), once per call:
 * call it when the target queues its first frame of the turn.
 *
 * @example
 * if (this.#frame === null) scheduleFlush(this);
 */
export function scheduleFlush(target: FlushTarget): void {
  flushQueue.push(target);
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flushAll);
}

function flushAll(): void {
  // Swap queues: a flush may trigger sends that schedule the next turn's flush.
  const queue = flushQueue;
  flushQueue = spareQueue;
  spareQueue = queue;
  flushScheduled = false;
  // One connection's failure must not stall the others, nor leave the queue uncleared.
  try {
    for (let i = 0; i < queue.length; i++) {
      try {
        queue[i]!.flushFrames();
      } catch (err) {
        log("flush failed: %O", err);
      }
    }
  } finally {
    // (pops, not `length = 0`: that frees the array's storage, which the next turn's push would allocate again)
    while (queue.length !== 0) queue.pop();
  }
}

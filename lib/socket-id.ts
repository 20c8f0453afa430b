/**
 * Socket ids: the public id every Socket gets, and the private session id
 * (pid) of connection state recovery.
 */
import { randomFillSync } from "node:crypto";

// Socket ids come from a pool of random bytes refilled every 64 ids: one
// randomFillSync (one trip to the CSPRNG) instead of a randomBytes call per socket.
const ID_BYTES = 15;
const ID_POOL = Buffer.alloc(ID_BYTES * 64);
let idPoolOffset = ID_POOL.length;

/**
 * Random public id (20 base64url chars); never the engine sid.
 *
 * @example
 * const id = generateSocketId(); // e.g. "Xo3kQ9vR0aL2mT7bWc5e"
 */
export function generateSocketId(): string {
  if (idPoolOffset === ID_POOL.length) {
    randomFillSync(ID_POOL);
    idPoolOffset = 0;
  }
  const id = ID_POOL.toString("base64url", idPoolOffset, idPoolOffset + ID_BYTES);
  idPoolOffset += ID_BYTES;
  return id;
}

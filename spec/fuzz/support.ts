/**
 * Shared parts of the fuzz specs: one way to run a fast-check property
 * (bounded runs, a replayable seed on failure), the arbitraries for valid
 * Socket.IO packets, and mutations of valid wire messages.
 *
 * Replaying a failure: the error names the seed and path; run the spec again
 * with `FUZZ_SEED=<seed> FUZZ_PATH=<path>` and the same failing input comes
 * back first. A found case then becomes a spec of its own (spec/regressions/).
 */
import fc from "fast-check";
import { PacketType, RESERVED_EVENTS } from "../../lib/protocol/constants.js";
import type { Packet } from "../../lib/protocol/packet.js";

/** The options every fuzz property runs with: `numRuns`, plus the replay seed from the environment. */
function runOptions<T>(numRuns: number): fc.Parameters<T> {
  const seed = process.env.FUZZ_SEED;
  const path = process.env.FUZZ_PATH;
  return {
    numRuns,
    ...(seed !== undefined ? { seed: Number(seed) } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}

/**
 * Checks a synchronous property `numRuns` times. On failure the thrown
 * error's message (printed by mocha) holds the seed, the path and the
 * shrunk counterexample.
 *
 * @example
 * fuzz(fc.property(fc.string(), (s) => { decoder.add(s) }), 2000);
 */
export function fuzz<Ts>(property: fc.IProperty<Ts>, numRuns: number): void {
  fc.assert(property, runOptions(numRuns));
}

/** The asynchronous twin of {@link fuzz}. */
export async function fuzzAsync<Ts>(property: fc.IAsyncProperty<Ts>, numRuns: number): Promise<void> {
  await fc.assert(property, runOptions(numRuns));
}

/**
 * A JSON value without -0 (JSON writes it as 0, so it could not round-trip).
 * It may hold "__proto__" keys (JSON.parse makes them own keys, and volley's
 * codecs keep them as data).
 */
export const jsonValue: fc.Arbitrary<unknown> = fc
  .jsonValue({ maxDepth: 4 })
  .filter((value) => JSON.stringify(value) === JSON.stringify(JSON.parse(JSON.stringify(value))) && !hasNegativeZero(value));

function hasNegativeZero(value: unknown): boolean {
  if (Object.is(value, -0)) return true;
  if (value && typeof value === "object") return Object.values(value).some(hasNegativeZero);
  return false;
}

/** A binary value of one of the kinds an app sends (Buffer, Uint8Array, ArrayBuffer). */
export const binaryValue: fc.Arbitrary<Buffer | Uint8Array | ArrayBuffer> = fc
  .tuple(fc.uint8Array({ maxLength: 64 }), fc.constantFrom("buffer", "uint8array", "arraybuffer"))
  .map(([bytes, kind]) => (kind === "buffer" ? Buffer.from(bytes) : kind === "uint8array" ? bytes : bytes.slice().buffer));

/** JSON values with binary values mixed in (at most `maxAttachments` in all are kept by the packet arbitrary). */
const argument: fc.Arbitrary<unknown> = fc.letrec<{ arg: unknown }>((tie) => ({
  arg: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    jsonValue,
    binaryValue,
    fc.array(tie("arg"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }).filter((k) => k !== "__proto__" && k !== "_placeholder"), tie("arg"), { maxKeys: 4 }),
  ),
})).arg;

/** A namespace name: "/" or "/" followed by a short name (may hold "," only at the end would break it: none). */
export const namespace: fc.Arbitrary<string> = fc.oneof(
  fc.constant("/"),
  fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes(",")).map((s) => "/" + s),
);

const eventName = fc.string({ maxLength: 12 }).filter((name) => !RESERVED_EVENTS.includes(name));
const ackId = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

/** Whether `value` holds an own "__proto__" key at any depth. */
export function hasProtoKey(value: unknown): boolean {
  if (!value || typeof value !== "object") return false;
  if (Object.hasOwn(value, "__proto__")) return true;
  return Object.values(value).some(hasProtoKey);
}

/** Counts the binary values in `value`. */
export function countBinary(value: unknown): number {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return 1;
  if (value && typeof value === "object") return Object.values(value).reduce((n: number, v) => n + countBinary(v), 0);
  return 0;
}

/**
 * Every packet a client may send and a server accepts (what the strict
 * decoder allows), so both decoders must give it back as it was:
 * CONNECT with an optional plain-object auth, DISCONNECT, EVENT (a
 * non-reserved name, any arguments, binary included, optional ack id),
 * ACK (an id, an array of answers), CONNECT_ERROR (a string or an object).
 */
export const validPacket: fc.Arbitrary<Packet> = fc.oneof(
  fc.record({
    type: fc.constant(PacketType.CONNECT),
    nsp: namespace,
    data: fc.option(fc.dictionary(fc.string({ maxLength: 6 }).filter((k) => k !== "__proto__"), jsonValue, { maxKeys: 4 }), { nil: undefined }),
  }),
  fc.record({ type: fc.constant(PacketType.DISCONNECT), nsp: namespace }),
  fc.record({
    type: fc.constant(PacketType.EVENT),
    nsp: namespace,
    id: fc.option(ackId, { nil: undefined }),
    data: fc.tuple(eventName, fc.array(argument, { maxLength: 4 })).map(([name, args]) => [name, ...args]),
  }),
  fc.record({ type: fc.constant(PacketType.ACK), nsp: namespace, id: ackId, data: fc.array(argument, { maxLength: 4 }) }),
  fc.record({
    type: fc.constant(PacketType.CONNECT_ERROR),
    nsp: namespace,
    data: fc.oneof(fc.string({ maxLength: 20 }), fc.record({ message: fc.string({ maxLength: 20 }) })),
  }),
)
  .map((packet) => dropUndefined(packet as Packet))
  .filter((packet) => countBinary(packet.data) <= 10);

function dropUndefined(packet: Packet): Packet {
  const out: Packet = { type: packet.type, nsp: packet.nsp };
  if (packet.id !== undefined) out.id = packet.id;
  if (packet.data !== undefined) out.data = packet.data;
  return out;
}

/** One edit of a string: insert, delete or replace a character, or cut it. */
const edit = fc.tuple(
  fc.constantFrom("insert", "delete", "replace", "truncate"),
  fc.nat(),
  fc.oneof(fc.constantFrom(..."0123456789/,-[]{}\"\\:_\u0000\u001e\ud800é"), fc.string({ minLength: 1, maxLength: 2, unit: "binary" })),
);

/** Applies 1 to 4 random edits to `text`. */
export function mutated(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(text, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([source, edits]) => {
    let s = source;
    for (const [kind, at, ch] of edits) {
      const i = s.length ? at % (s.length + 1) : 0;
      if (kind === "insert") s = s.slice(0, i) + ch + s.slice(i);
      else if (kind === "delete") s = s.slice(0, i) + s.slice(i + 1);
      else if (kind === "replace") s = s.slice(0, i) + ch + s.slice(i + 1);
      else s = s.slice(0, i);
    }
    return s;
  });
}

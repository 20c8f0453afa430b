/**
 * The encoder's "does this data hold binary?" pre-check, Node side: the exact,
 * fast walk of binary.ts ({@link hasBinary}). A false answer lets the encoder
 * stringify without the (several times slower) binary replacer, which is what
 * keeps the server's broadcast/emit path fast.
 *
 * How the twin is chosen (the client's one mechanism, see
 * client/engine/globals.ts): encoder.ts imports "./may-hold-binary.node.js";
 * Node (the server, and the client run in Node) uses this file, and the
 * rollup browser builds alias it to may-hold-binary.ts, a smaller
 * conservative check. Bundlers without that alias get this file, which works
 * everywhere too (environment-neutral: no node:* imports).
 */
export { hasBinary as mayHoldBinary } from "./binary.js";

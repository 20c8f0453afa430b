/**
 * Engine.IO packets, one at a time: engine.io-parser's encodePacket and
 * decodePacket in Node (Buffers, no FileReader). The browser bundles use the
 * twin parser.ts instead (rollup.config.mjs `browserTwins`), a few lines of
 * browser-only code.
 *
 * @example
 * encodePacket({ type: "message", data: "hi" }, true, (encoded) => ws.send(encoded)); // "4hi"
 */
export { encodePacket, decodePacket } from "engine.io-parser";

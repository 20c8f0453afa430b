/**
 * Browser replacement for engine.io-parser's contrib/base64-arraybuffer.js
 * (rollup.config.mjs `browserTwins` swaps it in): that module is a pure-JS
 * base64 decoder with a lookup table, for browsers without `atob`, and every
 * browser this client supports has `atob`. engine.io-parser imports only
 * `decode` from it, to turn a polling payload's "b" + base64 record into an
 * ArrayBuffer.
 *
 * Unlike the pure-JS decoder, `atob` throws on characters outside the base64
 * alphabet instead of decoding them to garbage; servers only send valid base64.
 *
 * @example
 * new Uint8Array(decode("AQID")) // Uint8Array [1, 2, 3]
 */
export const decode = (base64: string): ArrayBuffer => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;

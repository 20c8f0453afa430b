// Rollup builds, from tsc's output in dist/:
//  - the browser bundles served under /socket.io/ (global `io`, minified, ESM), with source maps;
//  - CommonJS entry points for require() users (dist/cjs/*.cjs).
import { builtinModules } from "node:module";
import { gzipSync } from "node:zlib";
import nodeResolve from "@rollup/plugin-node-resolve";
import replace from "@rollup/plugin-replace";
import terser from "@rollup/plugin-terser";

/**
 * Browser builds use the browser twin of every `*.node.js` module
 * (client/engine/globals.node.js → client/engine/globals.js), so no Node-only
 * code (ws, node:*) reaches a page; client/engine/parser.node.js (engine.io-parser)
 * → parser.js, a few lines of browser-only code.
 */
export const browserTwins = {
  name: "browser-twins",
  async resolveId(source, importer, options) {
    if (!source.endsWith(".node.js")) return null;
    return this.resolve(source.replace(/\.node\.js$/, ".js"), importer, { ...options, skipSelf: true });
  },
};

/**
 * Minified browser builds also use the short twin of every `*.messages.js`
 * module (lib/protocol/decode.messages.js → decode.messages.min.js): internal
 * "the peer is broken" errors carry a numbered code instead of their text,
 * React-style; the table of codes is in decode.messages.ts. The readable
 * socket.io.js, Node and the server keep the full messages.
 */
export const shortMessages = {
  name: "short-messages",
  async resolveId(source, importer, options) {
    if (!source.endsWith(".messages.js")) return null;
    return this.resolve(source.replace(/\.messages\.js$/, ".messages.min.js"), importer, { ...options, skipSelf: true });
  },
};

/** Prints each bundle's size and gzipped size after it is written. */
const reportSizes = {
  name: "report-sizes",
  generateBundle(_options, bundle) {
    for (const [name, chunk] of Object.entries(bundle)) {
      if (chunk.type !== "chunk") continue;
      const gz = gzipSync(chunk.code, { level: 9 }).length;
      console.log(`  ${name.padEnd(24)} ${(chunk.code.length / 1024).toFixed(1).padStart(6)} KiB   gzip ${(gz / 1024).toFixed(2)} KiB`);
    }
  },
};

/**
 * Minification. Internal members whose name starts with "_" (Manager._packet,
 * Socket._onOpen, ...) are renamed: they are not part of socket.io-client's API.
 * `module` (ESM build only) lets terser rename the module's own top-level names;
 * the IIFE build must keep its top-level `var io`, the page's global.
 */
export const terserOptions = (esm) => ({
  ecma: 2020,
  module: esm,
  // `unsafe` + `unsafe_comps`: the code compares numbers only and never String()s a symbol.
  compress: { passes: 3, pure_getters: true, unsafe: true, unsafe_arrows: true, unsafe_comps: true, unsafe_methods: true },
  // `_placeholder` is a wire name (binary attachments), never renamed.
  // `emitReserved` is the emitters' protected method (socket.io-client's is
  // protected too): internal, and called often enough to be worth renaming.
  mangle: { properties: { regex: /^(_(?!placeholder$)[a-zA-Z]|emitReserved$)/ } },
  format: { comments: false },
});

const browserPlugins = (minify, esm = false) => [
  browserTwins,
  ...(minify ? [shortMessages] : []),
  // Logging and development-only branches are compiled out of minified files.
  replace({ preventAssignment: true, values: { "process.env.NODE_ENV": JSON.stringify(minify ? "production" : "development") } }),
  nodeResolve({ browser: true }),
  ...(minify ? [terser(terserOptions(esm))] : []),
  reportSizes,
];

const external = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), "ws", "debug", "engine.io-parser", "cookie", "negotiator"];
/**
 * A CommonJS entry point. `exports: "default"` makes `module.exports` the
 * module's default export: lib/commonjs.ts and client/commonjs.ts export a
 * function carrying the named exports, so `require("volley")(httpServer)` and
 * `require("volley/client")(url)` work as socket.io's and socket.io-client's do.
 */
const cjs = (input, file, exports = "named", footer = undefined) => ({
  input,
  external,
  // nanoid is ESM-only: inline it so require() works on every Node 20.
  plugins: [nodeResolve({ exportConditions: ["node", "import"] })],
  output: { file, format: "cjs", sourcemap: true, exports, footer, inlineDynamicImports: true },
  onwarn(warning, warn) {
    if (warning.code !== "CIRCULAR_DEPENDENCY") warn(warning);
  },
});

/**
 * Node's ESM loader finds the named exports of a CommonJS file by reading its source
 * (cjs-module-lexer), and `module.exports = Object.assign(fn, names)` hides them: `import {
 * Server } from` the .cjs file (what a tool does when it resolves volley through require() and
 * loads it with import(), as the public conformance suites' server does) got only the default.
 * socket.io's CommonJS build assigns each name (`module.exports.Server = Server`); here a line
 * that never runs lists them for the lexer, the form esbuild writes: `0 && (module.exports = { … })`.
 */
async function namedExportsHint(esmEntry) {
  const names = Object.keys(await import(esmEntry)).filter((name) => name !== "default");
  return `0 && (module.exports = { ${names.join(", ")} });`;
}

export default [
  {
    input: "dist/client/browser-global.js",
    plugins: browserPlugins(false),
    output: { file: "dist/bundle/socket.io.js", format: "iife", name: "io", exports: "default", sourcemap: true },
  },
  {
    input: "dist/client/browser-global.js",
    plugins: browserPlugins(true),
    output: { file: "dist/bundle/socket.io.min.js", format: "iife", name: "io", exports: "default", sourcemap: true },
  },
  {
    input: "dist/client/index.js",
    plugins: browserPlugins(true, true),
    output: { file: "dist/bundle/socket.io.esm.min.js", format: "es", sourcemap: true },
  },
  cjs("dist/lib/commonjs.js", "dist/cjs/index.cjs", "default", await namedExportsHint("./dist/lib/index.js")),
  cjs("dist/lib/engine/index.js", "dist/cjs/engine.cjs"),
  cjs("dist/client/commonjs.js", "dist/cjs/client.cjs", "default", await namedExportsHint("./dist/client/index.js")),
];

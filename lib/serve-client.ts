/**
 * Serves the client bundles under the server's path (`/socket.io/socket.io.js` …).
 *
 * Each file is read, hashed and compressed (gzip and brotli) once, on its
 * first request, then answered from memory: the bundle never changes while
 * the process runs, so there is nothing to gain from touching the disk again.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import Negotiator from "negotiator";

/** The only names served; anything else under the path is not a file. */
export const CLIENT_FILES: readonly string[] = [
  "socket.io.js",
  "socket.io.js.map",
  "socket.io.min.js",
  "socket.io.min.js.map",
  "socket.io.esm.min.js",
  "socket.io.esm.min.js.map",
];

const SERVED = new Set(CLIENT_FILES);
// Smallest first: when a client accepts several at the same quality, brotli wins.
const ENCODINGS = ["br", "gzip", "identity"];
const PREFER_SMALLEST = { preferred: ENCODINGS };
// negotiator 1.x takes a preference list; @types/negotiator predates it.
type EncodingWithPreference = (available: string[], options: { preferred: string[] }) => string | undefined;

interface CachedFile {
  etag: string;
  contentType: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

const cache = new Map<string, CachedFile>();
let bundleDir: string | undefined;

/** Finds dist/bundle/ from here, whether running from lib/ (source) or dist/lib/ (build). */
function findBundleDir(): string {
  if (bundleDir) return bundleDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "dist", "bundle"))) break;
    dir = dirname(dir);
  }
  bundleDir = join(dir, "dist", "bundle");
  return bundleDir;
}

function load(name: string): CachedFile | undefined {
  const hit = cache.get(name);
  if (hit) return hit;
  const path = join(findBundleDir(), name);
  if (!existsSync(path)) return undefined;
  const identity = readFileSync(path);
  const file: CachedFile = {
    etag: `"${createHash("sha256").update(identity).digest("base64url").slice(0, 27)}"`,
    contentType: name.endsWith(".map") ? "application/json; charset=utf-8" : "application/javascript; charset=utf-8",
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
  };
  cache.set(name, file);
  return file;
}

/** Whether an If-None-Match header (a list, weak tags allowed) matches our ETag. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  for (const raw of header.split(",")) {
    const tag = raw.trim();
    if (tag === etag || tag === `W/${etag}`) return true;
  }
  return false;
}

/**
 * The client file a request under `path` asks for, or undefined when the
 * request is not for one of {@link CLIENT_FILES}.
 *
 * @example
 * clientFileName("/socket.io/socket.io.min.js?v=1", "/socket.io/") // "socket.io.min.js"
 */
export function clientFileName(url: string | undefined, path: string): string | undefined {
  if (!url || !url.startsWith(path)) return undefined;
  const query = url.indexOf("?");
  const name = url.slice(path.length, query === -1 ? undefined : query);
  return SERVED.has(name) ? name : undefined;
}

/**
 * Answers a GET or HEAD for one client file: ETag and 304, precompressed
 * gzip/brotli by Accept-Encoding, `Cache-Control: public, max-age=0`.
 * `extraHeaders` (CORS, for example) are added to every answer.
 *
 * @returns false when the file is not built (the caller answers 404)
 * @example
 * const name = clientFileName(req.url, "/socket.io/");
 * if (name && !serveClientFile(name, req, res)) res.writeHead(404).end();
 */
export function serveClientFile(
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
  extraHeaders?: Record<string, string>,
): boolean {
  const file = load(name);
  if (!file) return false;
  if (extraHeaders) for (const key in extraHeaders) res.setHeader(key, extraHeaders[key] as string);
  res.setHeader("Cache-Control", "public, max-age=0");
  res.setHeader("ETag", file.etag);
  res.setHeader("Vary", "Accept-Encoding");
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD" }).end();
    return true;
  }
  if (matchesEtag(req.headers["if-none-match"], file.etag)) {
    res.writeHead(304).end();
    return true;
  }
  const negotiator = new Negotiator(req);
  const encoding = (negotiator.encoding as EncodingWithPreference).call(negotiator, ENCODINGS, PREFER_SMALLEST) ?? "identity";
  const body = encoding === "br" ? file.br : encoding === "gzip" ? file.gzip : file.identity;
  res.setHeader("Content-Type", file.contentType);
  res.setHeader("Content-Length", body.length);
  if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
  res.writeHead(200);
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}

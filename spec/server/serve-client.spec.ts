import { expect } from "chai";
import { createServer, request, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { clientFileName, serveClientFile, CLIENT_FILES } from "../../lib/serve-client.js";

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

function fetchRaw(port: number, path: string, method = "GET", headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("serve-client", () => {
  let http: HttpServer;
  let port: number;

  before(function () {
    if (!existsSync("dist/bundle/socket.io.min.js")) throw new Error("dist/bundle is missing: run `npm run build` first (npm test does)");
  });

  beforeEach((done) => {
    http = createServer((req, res) => {
      const name = clientFileName(req.url, "/socket.io/");
      if (!name || !serveClientFile(name, req, res, { "Access-Control-Allow-Origin": "*" })) res.writeHead(404).end();
    });
    http.listen(0, "127.0.0.1", () => {
      port = (http.address() as AddressInfo).port;
      done();
    });
  });
  afterEach((done) => {
    http.close(() => done());
  });

  it("names only the bundle files and their maps", () => {
    expect(clientFileName("/socket.io/socket.io.js", "/socket.io/")).to.equal("socket.io.js");
    expect(clientFileName("/socket.io/socket.io.min.js.map?x=1", "/socket.io/")).to.equal("socket.io.min.js.map");
    expect(clientFileName("/socket.io/../package.json", "/socket.io/")).to.equal(undefined);
    expect(clientFileName("/socket.io/socket.io.jsx", "/socket.io/")).to.equal(undefined);
    expect(clientFileName("/other/socket.io.js", "/socket.io/")).to.equal(undefined);
    expect(CLIENT_FILES).to.have.length(6);
  });

  it("serves every file with its content type, cache headers and CORS headers", async () => {
    for (const name of CLIENT_FILES) {
      const res = await fetchRaw(port, `/socket.io/${name}`);
      expect(res.status, name).to.equal(200);
      expect(res.body.equals(readFileSync(`dist/bundle/${name}`)), name).to.equal(true);
      expect(res.headers["content-type"]).to.equal(name.endsWith(".map") ? "application/json; charset=utf-8" : "application/javascript; charset=utf-8");
      expect(res.headers["cache-control"]).to.equal("public, max-age=0");
      expect(res.headers["vary"]).to.equal("Accept-Encoding");
      expect(res.headers["access-control-allow-origin"]).to.equal("*");
      expect(res.headers["etag"]).to.match(/^"[\w-]+"$/);
    }
  });

  it("answers 304 for a matching If-None-Match, weak or in a list", async () => {
    const first = await fetchRaw(port, "/socket.io/socket.io.min.js");
    const etag = first.headers["etag"] as string;
    for (const header of [etag, `W/${etag}`, `"nope", ${etag}`]) {
      const res = await fetchRaw(port, "/socket.io/socket.io.min.js", "GET", { "If-None-Match": header });
      expect(res.status, header).to.equal(304);
      expect(res.body.length).to.equal(0);
    }
    const other = await fetchRaw(port, "/socket.io/socket.io.min.js", "GET", { "If-None-Match": '"different"' });
    expect(other.status).to.equal(200);
  });

  it("sends precompressed brotli or gzip chosen by Accept-Encoding", async () => {
    const original = readFileSync("dist/bundle/socket.io.js");
    const br = await fetchRaw(port, "/socket.io/socket.io.js", "GET", { "Accept-Encoding": "gzip, deflate, br" });
    expect(br.headers["content-encoding"]).to.equal("br");
    expect(brotliDecompressSync(br.body).equals(original)).to.equal(true);
    const gz = await fetchRaw(port, "/socket.io/socket.io.js", "GET", { "Accept-Encoding": "gzip" });
    expect(gz.headers["content-encoding"]).to.equal("gzip");
    expect(gunzipSync(gz.body).equals(original)).to.equal(true);
    const plain = await fetchRaw(port, "/socket.io/socket.io.js", "GET", { "Accept-Encoding": "identity" });
    expect(plain.headers["content-encoding"]).to.equal(undefined);
    expect(plain.body.equals(original)).to.equal(true);
  });

  it("supports HEAD and refuses other methods", async () => {
    const head = await fetchRaw(port, "/socket.io/socket.io.js", "HEAD");
    expect(head.status).to.equal(200);
    expect(Number(head.headers["content-length"])).to.be.greaterThan(0);
    expect(head.body.length).to.equal(0);
    const post = await fetchRaw(port, "/socket.io/socket.io.js", "POST");
    expect(post.status).to.equal(405);
  });
});

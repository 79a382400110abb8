/**
 * Runs the capture worker's hasher (sha256Blob of @docvault/core, default slices, as
 * apps/web/src/workers/file-check.worker.ts calls it) in a Web Worker in Debian's Chromium, next to
 * the one-shot way (blob.arrayBuffer() then crypto.subtle.digest), the digest alone on bytes already
 * in memory, and hash-wasm streaming alone. The worker is bundled from
 * the core sources with esbuild, as the web app's bundler does, and served from loopback.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS } from "../../playwright.config";

const HASHING = fileURLToPath(new URL("../../../packages/core/src/hashing/index.ts", import.meta.url));

const WORKER_SOURCE = `
import { sha256Blob, sha256Stream } from ${JSON.stringify(HASHING)};
self.onmessage = async ({ data: { blob, rounds } }) => {
  let worker = 0, wasm = 0, oneShot = 0, digestOnly = 0, same = true;
  const speed = (t) => blob.size / 1e6 / ((performance.now() - t) / 1000);
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    const a = await sha256Blob(blob, { onProgress: () => undefined });
    worker = Math.max(worker, speed(t));
    t = performance.now();
    const w = await sha256Stream(blob.stream());
    wasm = Math.max(wasm, speed(t));
    // One-shot on the same Blob: read it whole, digest it.
    t = performance.now();
    const buffer = await blob.arrayBuffer();
    const read = performance.now();
    const digest = await crypto.subtle.digest("SHA-256", buffer);
    oneShot = Math.max(oneShot, speed(t));
    digestOnly = Math.max(digestOnly, speed(read));
    const b = Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, "0")).join("");
    same = same && a === b && w === b;
  }
  self.postMessage({ worker, wasm, oneShot, digestOnly, same });
};`;

const PAGE = `<!doctype html><title>hash bench</title><script>
window.runBench = (megabytes, rounds) => new Promise((resolve, reject) => {
  const parts = [];
  for (let i = 0; i < megabytes * 16; i++) parts.push(crypto.getRandomValues(new Uint8Array(65536)));
  const blob = new Blob(parts);
  const worker = new Worker("/worker.js");
  worker.onmessage = ({ data }) => { worker.terminate(); resolve(data); };
  worker.onerror = (e) => reject(new Error(e.message));
  worker.postMessage({ blob, rounds });
});
</script>`;

export async function hashInChromium(input: { megabytes: number; rounds: number }) {
  const bundle = await build({
    stdin: { contents: WORKER_SOURCE, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    format: "iife",
    platform: "browser",
    write: false,
    minify: true,
  });
  const workerJs = bundle.outputFiles[0]?.text ?? "";
  const server = createServer((req, res) => {
    if (req.url === "/worker.js") res.writeHead(200, { "content-type": "text/javascript" }).end(workerJs);
    else res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const result = await page.evaluate(
      ([mb, rounds]) =>
        (
          globalThis as unknown as {
            runBench(mb: number, r: number): Promise<{ worker: number; wasm: number; oneShot: number; digestOnly: number; same: boolean }>;
          }
        ).runBench(mb, rounds),
      [input.megabytes, input.rounds] as const,
    );
    if (!result.same) throw new Error("the worker's hasher, hash-wasm and crypto.subtle.digest disagree");
    return { ...result, megabytes: input.megabytes };
  } finally {
    await browser.close();
    server.close();
  }
}

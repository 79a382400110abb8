// Builds the capture page's browser code into public/capture/ (served at /capture/…): the
// file-check Web Worker, the island that hydrates the page (src/capture/capture-island.tsx) and
// the app's stylesheet, with content-hashed names, and writes public/capture/assets.json, which
// app/route.ts reads to render the page (the island's URL, the chunks to preload, the stylesheet)
// and scripts/build-sw.mjs to precache. Independent of `next build`: `pnpm dev` runs it first too.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const app = fileURLToPath(new URL("..", import.meta.url));
const outdir = `${app}public/capture`;
const common = {
  bundle: true,
  format: "esm",
  target: "es2022",
  platform: "browser",
  minify: true,
  sourcemap: false,
  jsx: "automatic",
  tsconfig: `${app}tsconfig.json`,
  define: { "process.env.NODE_ENV": '"production"' },
  outdir,
  entryNames: "[name]-[hash]",
  chunkNames: "chunk-[hash]",
  metafile: true,
  logLevel: "warning",
};

/** The URL of each output file, and of the entry point's output, from esbuild's metafile. */
function urls(metafile) {
  const outputs = Object.entries(metafile.outputs).map(([path, output]) => ({ url: `/capture/${basename(path)}`, output }));
  const entry = outputs.find(({ output }) => output.entryPoint);
  if (!entry) throw new Error("build-capture: esbuild produced no entry point");
  return { all: outputs.map(({ url }) => url), entry };
}

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

// The worker's rarer tools (OpenCV.js to straighten a photo, the HEIC decoder's wasm, pdf-lib for
// scans) are chunks of their own, loaded by the worker only when a photo, a HEIC or a scan comes.
// OpenCV.js names Node's fs and path in code it runs only under Node.
const worker = await build({
  ...common,
  entryPoints: [`${app}src/workers/file-check.worker.ts`],
  splitting: true,
  external: ["fs", "path"],
});
const workerUrls = urls(worker.metafile);
const workerUrl = workerUrls.entry.url;

const island = await build({
  ...common,
  entryPoints: [`${app}src/capture/capture-island.tsx`],
  // follow-uploads (the tRPC client) stays a chunk of its own, loaded only while a document is read.
  splitting: true,
  define: { ...common.define, FILE_CHECK_WORKER_URL: JSON.stringify(workerUrl) },
});
const islandUrls = urls(island.metafile);
const preload = islandUrls.entry.output.imports.filter((i) => i.kind === "import-statement").map((i) => `/capture/${basename(i.path)}`);

// The same stylesheet the Next pages import (app/globals.css), as a file of its own.
const styles = await build({ ...common, entryPoints: [`${app}src/app/globals.css`] });
const stylesheet = urls(styles.metafile).entry.url;

// The worker's large tools (OpenCV.js 10.8 MB, the HEIC decoder 2 MB) are not precached: most
// people never need one, and a phone on a poor connection should not fetch 13 MB to install the
// app. The service worker keeps each the first time it is used (src/workers/service-worker.ts).
const LAZY_BYTES = 1024 * 1024;
const lazy = Object.entries(worker.metafile.outputs)
  .filter(([, output]) => !output.entryPoint && output.bytes > LAZY_BYTES)
  .map(([path]) => `/capture/${basename(path)}`);
const files = [...workerUrls.all.filter((url) => !lazy.includes(url)), ...islandUrls.all, stylesheet];
await writeFile(`${outdir}/assets.json`, JSON.stringify({ island: islandUrls.entry.url, preload, stylesheet, files, lazy }, null, 2));

const outputs = [worker, island, styles].flatMap((result) => Object.values(result.metafile.outputs));
const bytes = outputs.reduce((sum, o) => sum + o.bytes, 0);
console.log(`build-capture: public/capture holds ${files.length} files (${Math.round(bytes / 1024)} KB, island ${islandUrls.entry.url})`);

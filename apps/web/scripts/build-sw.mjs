// Builds public/sw.js after `next build` and scripts/build-capture.mjs: esbuild bundles
// src/workers/service-worker.ts (workbox modules and the shared IndexedDB code), then workbox-build
// injects the precache list: Next's hashed assets, the capture page's (public/capture, hashed too),
// and the offline page, manifest and icons, revisioned by the build id.
import { readFile, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { injectManifest } from "workbox-build";

const app = fileURLToPath(new URL("..", import.meta.url));
const buildId = (await readFile(`${app}.next/BUILD_ID`, "utf8")).trim();
const bundled = `${app}.next/sw-bundle.js`;

await build({
  entryPoints: [`${app}src/workers/service-worker.ts`],
  outfile: bundled,
  bundle: true,
  format: "iife",
  target: "es2022",
  minify: true,
  sourcemap: false,
  tsconfig: `${app}tsconfig.json`,
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});

const capture = JSON.parse(await readFile(`${app}public/capture/assets.json`, "utf8"));
const shell = ["/offline", "/manifest.webmanifest", "/icons/icon-192.png", "/icons/icon-512.png", "/icons/maskable-512.png", "/icons/icon.svg"];
const { count, size, warnings } = await injectManifest({
  swSrc: bundled,
  swDest: `${app}public/sw.js`,
  globDirectory: `${app}.next/static`,
  globPatterns: ["**/*.{js,css,woff2,png,svg,ico,wasm}"],
  modifyURLPrefix: { "": "/_next/static/" },
  // Next puts a content hash in every static file name: no revision needed.
  dontCacheBustURLsMatching: /./,
  additionalManifestEntries: [...shell.map((url) => ({ url, revision: buildId })), ...capture.files.map((url) => ({ url, revision: null }))],
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
});
await rm(bundled, { force: true });
for (const warning of warnings) console.warn("build-sw:", warning);
console.log(`build-sw: public/sw.js precaches ${count} files (${Math.round(size / 1024)} KB), build ${buildId}`);

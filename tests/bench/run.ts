/**
 * `pnpm bench [name...] [--json file] [--smoke] [--corpus dir]`: every benchmark, or the named ones,
 * each in a process of its own (so memory figures and warm caches do not leak between them); then
 * one table: figure, goal, the ceiling measured in the same run, ratio, pass/MISS. Benchmarks are
 * not tests: a missed goal does not fail; a benchmark that cannot run does (exit 1).
 *   hash, validate, dedup-hit, pipeline, ocr, memory, latency, pdf-text, capacity
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatTable, type TBenchOptions, type TBenchRow } from "./bench-row";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

const BENCHES: Record<string, { load: () => Promise<(o: TBenchOptions) => Promise<TBenchRow[]>>; needsWeb?: boolean }> = {
  hash: { load: async () => (await import("./hash")).hashBench },
  validate: { load: async () => (await import("./validate")).validateBench },
  "dedup-hit": { load: async () => (await import("./dedup-hit")).dedupHitBench, needsWeb: true },
  pipeline: { load: async () => (await import("./pipeline")).pipelineBench, needsWeb: true },
  ocr: { load: async () => (await import("./engines")).ocrBench },
  memory: { load: async () => (await import("./memory")).memoryBench, needsWeb: true },
  latency: { load: async () => (await import("./latency")).latencyBench, needsWeb: true },
  "pdf-text": { load: async () => (await import("./engines")).pdfTextBench },
  capacity: { load: async () => (await import("./capacity")).capacityBench, needsWeb: true },
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: "string" },
    smoke: { type: "boolean", default: false },
    corpus: { type: "string" },
    child: { type: "string" },
  },
});
const options: TBenchOptions = { smoke: values.smoke ?? false, corpus: resolve(values.corpus ?? join(ROOT, "../shared/corpus")) };

if (values.child) {
  // One benchmark, in this process; rows go to the file the parent named.
  const rows = await (await (BENCHES[values.child]?.load() ?? Promise.reject(new Error(`unknown ${values.child}`))))(options);
  writeFileSync(process.env.BENCH_OUT ?? "", JSON.stringify(rows));
  process.exit(0);
}

const selected = positionals.length ? positionals : Object.keys(BENCHES);
const unknown = selected.filter((name) => !BENCHES[name]);
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(", ")}; known: ${Object.keys(BENCHES).join(", ")}`);
  process.exit(2);
}
if (selected.some((name) => BENCHES[name]?.needsWeb) && !existsSync(join(ROOT, "apps/web/.next/BUILD_ID"))) {
  console.log("building the web app (production build) first");
  const built = spawnSync("pnpm", ["exec", "turbo", "run", "build", "--filter=@docvault/web..."], { cwd: ROOT, stdio: "inherit" });
  if (built.status !== 0) process.exit(1);
}

const rows: TBenchRow[] = [];
const broken: string[] = [];
const dir = mkdtempSync(join(tmpdir(), "dv-bench-out-"));
for (const name of selected) {
  console.log(`\n=== bench ${name}${options.smoke ? " (smoke)" : ""}`);
  const out = join(dir, `${name}.json`);
  const started = Date.now();
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child", name, ...(options.smoke ? ["--smoke"] : []), "--corpus", options.corpus],
    { cwd: ROOT, stdio: "inherit", env: { ...process.env, BENCH_OUT: out, NODE_ENV: "production" } },
  );
  if (child.status !== 0 || !existsSync(out)) {
    broken.push(name);
    console.error(`bench ${name} did not finish (exit ${child.status ?? child.signal})`);
    continue;
  }
  const got = JSON.parse(readFileSync(out, "utf8")) as TBenchRow[];
  rows.push(...got);
  console.log(`${formatTable(got)}\n(${Math.round((Date.now() - started) / 1000)} s)`);
}
rmSync(dir, { recursive: true, force: true });

console.log(`\n=== benchmarks${options.smoke ? " (smoke run: the figures mean little)" : ""}\n${formatTable(rows)}`);
for (const r of rows.filter((x) => x.note)) console.log(`  ${r.bench} / ${r.figure}: ${r.note}`);
if (values.json) {
  writeFileSync(values.json, JSON.stringify({ smoke: options.smoke, at: new Date().toISOString(), rows, broken }, null, 2));
}
if (broken.length) {
  console.error(`\nbenchmarks that did not run: ${broken.join(", ")}`);
  process.exit(1);
}

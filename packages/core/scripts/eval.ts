/**
 * `pnpm eval --corpus <dir> [--json <file>] [--only <category>] [--concurrency <n>] [--subset ci]`: runs the local
 * pipeline over a directory laid out like ../shared/corpus (category folders, ground truth beside
 * each file with the same stem) and prints, per category and field: accuracy (exact match after
 * normalisation), coverage, calibration (ECE, accuracy at confidence >= 0.9), line-item precision
 * and recall where labelled, character error rate for text, and seconds per page. `--json` keeps the
 * report with every item's result. `--subset ci` reads a fixed stratified half of it (see
 * `inSubset`), what `pnpm test` runs, checked against its own floor in eval-floor.json.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, extname, join } from "node:path";
import { parseArgs } from "node:util";
import { detectType, isSupportedType } from "../src/validation/detect-type";
import { analyzeDocument } from "../src/node/analyze-document";
import { stopLocalOcr } from "../src/node/engines/local-ocr";
import { identityReaders, stopIdentityReaders } from "../src/node/identity-readers";
import type { TEvalItem } from "./eval/eval-types";
import { buildReport, printReport } from "./eval/report";
import { scoreItem, type TTruthFiles } from "./eval/score-item";
import { inSubset, SUBSETS, type TSubset } from "./eval/subset";

const { values } = parseArgs({
  options: { corpus: { type: "string" }, json: { type: "string" }, only: { type: "string" }, concurrency: { type: "string" }, subset: { type: "string" } },
});
const subset = values.subset as TSubset | undefined;
if (!values.corpus || !existsSync(values.corpus) || (subset !== undefined && !SUBSETS.includes(subset))) {
  console.error(`usage: pnpm eval --corpus <dir> [--json <file>] [--only <category>] [--concurrency <n>] [--subset ${SUBSETS.join("|")}]`);
  process.exit(2);
}
const corpus = values.corpus;
// Documents are read side by side: the OCR engines run in worker threads, one per core.
const concurrency = Math.max(1, Number(values.concurrency ?? availableParallelism()));

const DOCUMENT_EXTENSIONS = [".pdf", ".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"];

function stemFiles(dir: string): Map<string, string[]> {
  const byStem = new Map<string, string[]>();
  for (const f of readdirSync(dir).sort()) {
    const stem = basename(f, extname(f));
    byStem.set(stem, [...(byStem.get(stem) ?? []), f]);
  }
  return byStem;
}

/** The document to read for a stem: a PDF over its rendered PNG, else the image. */
const documentOf = (files: string[]) =>
  files.find((f) => extname(f).toLowerCase() === ".pdf") ?? files.find((f) => DOCUMENT_EXTENSIONS.includes(extname(f).toLowerCase()));

type TTask = { category: string; dir: string; file: string; files: string[] };

async function evaluate({ category, dir, file, files }: TTask): Promise<TEvalItem | null> {
  const bytes = readFileSync(join(dir, file));
  const type = detectType(bytes.subarray(0, 64));
  if (!isSupportedType(type)) return null;
  const stem = basename(file, extname(file));
  const read = (ext: string) => (files.includes(`${stem}${ext}`) ? readFileSync(join(dir, `${stem}${ext}`)) : undefined);
  const truth: TTruthFiles = { json: read(".json"), txt: read(".txt"), bin: read(".bin") };
  const started = performance.now();
  const analysis = await analyzeDocument({ bytes, type, readers: identityReaders });
  return scoreItem(category, file, analysis, truth, (performance.now() - started) / 1000);
}

const categories = readdirSync(corpus, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "licenses" && (!values.only || d.name === values.only))
  .map((d) => d.name)
  .sort();
const tasks: TTask[] = categories.flatMap((category) => {
  const dir = join(corpus, category);
  const all = [...stemFiles(dir).values()].flatMap((files) => {
    const file = documentOf(files);
    return file ? [{ category, dir, file, files }] : [];
  });
  return subset ? all.filter((task, index) => inSubset(subset, category, index)) : all;
});

const results: (TEvalItem | null)[] = new Array(tasks.length).fill(null);
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let k = next++; k < tasks.length; k = next++) {
      const task = tasks[k] as TTask;
      try {
        results[k] = await evaluate(task);
      } catch (error) {
        results[k] = {
          category: task.category,
          file: task.file,
          fields: { error: { ok: false, confidence: null } },
          pages: 1,
          seconds: 0,
          engines: [],
          detail: { error: String(error) },
        };
      }
    }
  }),
);
await stopLocalOcr();
await stopIdentityReaders();

const report = {
  ...buildReport(
    categories,
    results.filter((r): r is TEvalItem => r !== null),
  ),
  ...(subset ? { subset } : {}),
};
printReport(report);
console.log(
  `\n${tasks.length} documents${subset ? ` (subset ${subset})` : ""} in ${((performance.now() - started) / 1000).toFixed(0)} s, ${concurrency} at a time`,
);
if (values.json) {
  writeFileSync(values.json, JSON.stringify(report, null, 2));
  console.log(`wrote ${values.json}`);
}

/**
 * `pnpm eval:structurer --corpus <dir> [--misses]`: the receipt structurer alone, on the text lines
 * of each receipt's own truth (SROIE's `.csv` beside the image: a box and a transcript per line)
 * instead of on OCR, scored as `pnpm eval` scores it. A miss here is the structurer's, whatever the
 * OCR reads; the gap to `pnpm eval` is what the OCR costs. The transcripts keep the print's own
 * slips, which the truth of a field sometimes corrects, so a few misses are the truth's conventions.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import type { TPage, TWord } from "../src/extraction/extraction-result";
import type { TAnalysis } from "../src/node/analyze-document";
import { structureReceipt } from "../src/documents/types/receipt/structure-receipt";
import type { TEvalItem } from "./eval/eval-types";
import { buildReport, printReport } from "./eval/report";
import { scoreItem } from "./eval/score-item";

const { values } = parseArgs({ options: { corpus: { type: "string" }, misses: { type: "boolean" } } });
const dir = values.corpus ? join(values.corpus, "receipts") : "";
if (!values.corpus || !existsSync(dir)) {
  console.error("usage: pnpm eval:structurer --corpus <dir> [--misses]");
  process.exit(2);
}

type TSegment = { text: string; x0: number; y0: number; x1: number; y1: number };

/** A truth file's lines: "x1,y1,...,x4,y4,transcript" (the transcript may hold commas). */
function segmentsOf(csv: string): TSegment[] {
  return csv.split(/\r?\n/).flatMap((row) => {
    const parts = row.split(",");
    const text = parts.slice(8).join(",").trim();
    const xs = [0, 2, 4, 6].map((i) => Number(parts[i]));
    const ys = [1, 3, 5, 7].map((i) => Number(parts[i]));
    if (!text || [...xs, ...ys].some((v) => !Number.isFinite(v))) return [];
    return [{ text, x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) }];
  });
}

const overlap = (a: TSegment, b: TSegment) => Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);

/** The segments as a page: those side by side (overlapping by most of their height) on one line, left to right; each word boxed by its share of the segment. */
function pageOf(segments: TSegment[], width: number, height: number): TPage {
  const rows: TSegment[][] = [];
  for (const segment of [...segments].sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1))) {
    const row = rows.at(-1);
    const last = row?.at(-1);
    if (row && last && overlap(last, segment) > 0.6 * Math.min(last.y1 - last.y0, segment.y1 - segment.y0)) row.push(segment);
    else rows.push([segment]);
  }
  const words: TWord[] = [];
  const lines = rows.map((row) => {
    row.sort((a, b) => a.x0 - b.x0);
    for (const s of row) {
      let at = 0;
      for (const token of s.text.split(/\s+/)) {
        const start = s.text.indexOf(token, at);
        at = start + token.length;
        const x = (k: number) => s.x0 + ((s.x1 - s.x0) * k) / s.text.length;
        words.push({ text: token, confidence: 1, bbox: { x0: x(start), y0: s.y0, x1: x(at), y1: s.y1 } });
      }
    }
    return row.map((s) => s.text).join(" ");
  });
  return { index: 0, width, height, text: lines.join("\n"), confidence: 1, words };
}

const items: TEvalItem[] = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".csv"))
  .sort()) {
  const stem = file.slice(0, -4);
  const image = ["jpg", "jpeg", "png"].map((ext) => join(dir, `${stem}.${ext}`)).find(existsSync);
  const json = join(dir, `${stem}.json`);
  if (!image || !existsSync(json)) continue;
  const { width = 0, height = 0 } = await sharp(image).metadata();
  const page = pageOf(segmentsOf(readFileSync(join(dir, file), "utf8")), width, height);
  const analysis = { pages: [page], text: page.text, engines: [], document: structureReceipt([page]) } as unknown as TAnalysis;
  const item = scoreItem("receipts", basename(image), analysis, { json: readFileSync(json) }, 0);
  if (!item) continue;
  items.push(item);
  if (values.misses) {
    const truth = JSON.parse(readFileSync(json, "utf8")) as Record<string, unknown>;
    const read = item.detail as Record<string, unknown> | undefined;
    const names: Record<string, string> = { company: "merchant" };
    const items = item.lineItems;
    if (items && (items.matched < items.predicted || items.matched < items.labelled)) {
      console.log(`${stem} line items: ${items.predicted} read, ${items.labelled} labelled, ${items.matched} matched`);
    }
    for (const [field, result] of Object.entries(item.fields)) {
      if (!result.ok) console.log(`${stem} ${field}: read ${JSON.stringify(read?.[names[field] ?? field])}, truth ${JSON.stringify(truth[field])}`);
    }
  }
}
console.log(`The receipt structurer on the truth's own text lines (${items.length} receipts), no OCR:`);
printReport(buildReport(["receipts"], items));
console.log("(Here the 'OCR text' is the truth's own lines: a value not in it is a slip of the print or a convention of the truth.)");

/**
 * `pnpm eval:check <report.json>`: fails when a figure of `pnpm eval --json` falls below the level
 * already reached, kept in packages/core/eval-floor.json (raise the floor when a change improves it).
 */
import { readFileSync } from "node:fs";

type TCategory = { items: number; fields: Record<string, number>; cer?: number; lineItems?: { precision: number; recall: number } };
type TReport = {
  categories: Record<string, TCategory>;
  calibration?: { highConfidence?: { accuracy: number }; highConfidenceAccuracy?: number };
  subset?: string;
};

const reportPath = process.argv[2];
if (!reportPath) {
  console.error("usage: pnpm eval:check <report.json>");
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportPath, "utf8")) as TReport;
type TFloor = TReport & { subsets?: Record<string, TReport> };
const floors = JSON.parse(readFileSync(new URL("../eval-floor.json", import.meta.url), "utf8")) as TFloor;
// A run over a fixed subset (`pnpm eval --subset ci`) is held to that subset's own floor.
const floor = report.subset ? floors.subsets?.[report.subset] : floors;
if (!floor) {
  console.error(`eval-floor.json has no floor for the subset "${report.subset}"`);
  process.exit(1);
}
const problems: string[] = [];
// Small tolerance: OCR output can differ by a character between runs on the same machine.
const EPSILON = 0.0001;
for (const [name, min] of Object.entries(floor.categories)) {
  const got = report.categories[name];
  if (!got) {
    problems.push(`${name}: missing from the report`);
    continue;
  }
  for (const [field, level] of Object.entries(min.fields)) {
    const value = got.fields[field] ?? 0;
    if (value + EPSILON < level) problems.push(`${name}.${field}: ${value.toFixed(3)} < floor ${level.toFixed(3)}`);
  }
  if (min.cer !== undefined && (got.cer ?? 1) > min.cer + EPSILON) {
    problems.push(`${name}.cer: ${(got.cer ?? 1).toFixed(4)} > ceiling ${min.cer.toFixed(4)}`);
  }
  for (const key of ["precision", "recall"] as const) {
    const level = min.lineItems?.[key];
    const value = got.lineItems?.[key] ?? 0;
    if (level !== undefined && value + EPSILON < level) problems.push(`${name}.lineItems.${key}: ${value.toFixed(3)} < floor ${level.toFixed(3)}`);
  }
}
// Fields shown at confidence >= 0.9 must stay right at least this often.
const wanted = floor.calibration?.highConfidenceAccuracy;
const reached = report.calibration?.highConfidence?.accuracy ?? 0;
if (wanted !== undefined && reached + EPSILON < wanted)
  problems.push(`calibration: fields at confidence >= 0.9 right ${reached.toFixed(3)} < floor ${wanted.toFixed(3)}`);
if (problems.length) {
  console.error(`evaluation regressed below the floor:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("evaluation at or above the floor in every category");

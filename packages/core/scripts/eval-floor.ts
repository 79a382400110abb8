/**
 * `pnpm eval:check <report.json>`: fails when a figure of `pnpm eval --json` falls below the level
 * already reached, kept in packages/core/eval-floor.json (raise the floor when a change improves it).
 */
import { readFileSync } from "node:fs";

type TCategory = { items: number; fields: Record<string, number>; cer?: number };
type TReport = { categories: Record<string, TCategory> };

const reportPath = process.argv[2];
if (!reportPath) {
  console.error("usage: pnpm eval:check <report.json>");
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportPath, "utf8")) as TReport;
const floor = JSON.parse(readFileSync(new URL("../eval-floor.json", import.meta.url), "utf8")) as TReport;
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
}
if (problems.length) {
  console.error(`evaluation regressed below the floor:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("evaluation at or above the floor in every category");

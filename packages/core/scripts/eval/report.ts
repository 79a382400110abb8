import type { TCategoryReport, TEvalItem, TFieldResult } from "./eval-types";
import { fieldReport, trustThreshold } from "./calibration";

export type TEvalReport = {
  categories: Record<string, TCategoryReport>;
  /** Over every scored field: calibration, and the confidence from which fields are right 95% of the time. */
  calibration: { ece: number; highConfidence: { count: number; accuracy: number }; trustThreshold: number };
  items: TEvalItem[];
};

/** Per category and field: accuracy, coverage, calibration; line items; CER; seconds per page. */
export function buildReport(categories: string[], items: TEvalItem[]): TEvalReport {
  const report: TEvalReport = { categories: {}, calibration: { ece: 0, highConfidence: { count: 0, accuracy: 1 }, trustThreshold: 1 }, items };
  const everyField: TFieldResult[] = [];
  for (const category of categories) {
    const mine = items.filter((i) => i.category === category);
    if (mine.length === 0) continue;
    const fields: Record<string, number> = {};
    const detail: TCategoryReport["detail"] = {};
    for (const name of new Set(mine.flatMap((i) => Object.keys(i.fields)))) {
      const results = mine.flatMap((i) => (i.fields[name] ? [i.fields[name] as TFieldResult] : []));
      detail[name] = fieldReport(results);
      fields[name] = detail[name].accuracy;
      everyField.push(...results);
    }
    const cers = mine.filter((i) => i.cer !== undefined).map((i) => i.cer ?? 0);
    const pages = mine.reduce((n, i) => n + i.pages, 0);
    const scored = mine.filter((i) => i.lineItems);
    const sum = (k: "predicted" | "labelled" | "matched") => scored.reduce((s, i) => s + (i.lineItems?.[k] ?? 0), 0);
    report.categories[category] = {
      items: mine.length,
      fields,
      detail,
      ...(cers.length ? { cer: cers.reduce((a, b) => a + b, 0) / cers.length } : {}),
      ...(scored.length
        ? {
            lineItems: {
              precision: sum("predicted") ? sum("matched") / sum("predicted") : 0,
              recall: sum("labelled") ? sum("matched") / sum("labelled") : 0,
              labelled: sum("labelled"),
            },
          }
        : {}),
      secondsPerPage: mine.reduce((s, i) => s + i.seconds, 0) / pages,
    };
  }
  const all = fieldReport(everyField);
  report.calibration = { ece: all.ece, highConfidence: all.highConfidence, trustThreshold: trustThreshold(everyField) };
  return report;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The report as a person reads it. */
export function printReport(report: TEvalReport): void {
  console.log("category     items  fields                                                       cer     s/page");
  for (const [name, c] of Object.entries(report.categories)) {
    const fields = Object.entries(c.fields)
      .map(([f, a]) => `${f} ${pct(a)}`)
      .join(", ");
    console.log(
      `${name.padEnd(12)} ${String(c.items).padStart(5)}  ${fields.padEnd(60)} ${c.cer === undefined ? "   -  " : pct(c.cer).padStart(6)}  ${c.secondsPerPage.toFixed(2)}`,
    );
  }
  console.log("\nper field: accuracy, coverage (a value given), ECE, accuracy at confidence >= 0.9 (count)");
  for (const [name, c] of Object.entries(report.categories)) {
    for (const [field, d] of Object.entries(c.detail)) {
      console.log(
        `  ${`${name}.${field}`.padEnd(26)} acc ${pct(d.accuracy).padStart(6)}  cov ${pct(d.coverage).padStart(6)}  ece ${d.ece.toFixed(3)}  >=0.9: ${pct(d.highConfidence.accuracy).padStart(6)} (${d.highConfidence.count})`,
      );
    }
    if (c.lineItems)
      console.log(
        `  ${`${name}.lineItems`.padEnd(26)} precision ${pct(c.lineItems.precision)}  recall ${pct(c.lineItems.recall)}  (${c.lineItems.labelled} labelled items)`,
      );
  }
  const { ece, highConfidence, trustThreshold } = report.calibration;
  console.log(
    `\nall fields: ECE ${ece.toFixed(3)}; at confidence >= 0.9: ${pct(highConfidence.accuracy)} right (${highConfidence.count}); fields are right >= 95% from confidence ${trustThreshold.toFixed(2)}`,
  );
  const receiptMisses = report.items
    .filter((i) => i.category === "receipts")
    .flatMap((i) =>
      Object.entries(i.fields)
        .filter(([, r]) => !r.ok)
        .map(([f]) => (i.detail?.inOcrText as Record<string, boolean> | undefined)?.[f] ?? false),
    );
  if (receiptMisses.length) {
    const bound = receiptMisses.filter((inText) => !inText).length;
    console.log(
      `receipts: ${receiptMisses.length} field misses, ${bound} where the expected value is not in the OCR text (OCR-bound), ${receiptMisses.length - bound} structuring misses`,
    );
  }
  for (const item of report.items.filter((i) => i.category === "pdfs"))
    console.log(`  pdfs/${item.file}: CER ${pct(item.cer ?? 1)} (${String(item.detail?.layer)})`);
}

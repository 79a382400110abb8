import type { TFuzzSummary } from "./run-fuzz";

/** The campaign as a table: one row per target, then totals, time and memory. */
export function formatSummary(summary: TFuzzSummary): string {
  const header = ["target", "inputs", "results", "typed", "failures", "ocr", "skipped", "total ms", "max ms", "AppError codes"];
  const rows = summary.targets.map((t) => [
    t.target,
    String(t.inputs),
    String(t.results),
    String(t.typedErrors),
    String(t.failures),
    String(t.ocrInputs),
    String(t.skipped),
    String(t.totalMs),
    String(t.maxMs),
    Object.entries(t.codes)
      .sort(([, a], [, b]) => b - a)
      .map(([code, n]) => `${code} ${n}`)
      .join(", "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  const memory = summary.memory.map((m) => `baseline ${m.baselineRssMb} MB, peak ${m.peakRssMb} MB, final ${m.finalRssMb} MB (growth ${m.growthMb} MB)`);
  return [
    line(header),
    ...rows.map(line),
    `total ${summary.totalInputs} inputs, ${summary.failures.length} failures, seed ${summary.seed}, ${(summary.durationMs / 1000).toFixed(1)} s`,
    ...memory.map((m, i) => `rss, process ${i + 1} of ${memory.length}: ${m}`),
  ].join("\n");
}

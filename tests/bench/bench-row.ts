/** One line of the benchmark table: a figure, its goal, and the ceiling measured in the same run. */
export type TBenchRow = {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  /** The goal applies to `value`, or to `ratio` (value / ceiling) when `on` is "ratio". */
  goal: { op: ">=" | "<="; target: number; on: "value" | "ratio" } | null;
  /** What the same machine does without our code in the way, measured in the same run. */
  ceiling: { label: string; value: number } | null;
  ratio: number | null;
  pass: boolean | null;
  note: string;
};

export type TBenchOptions = {
  /** A few seconds per benchmark, for CI: proves the benchmark still runs, its figures mean little. */
  smoke: boolean;
  corpus: string;
};

export function row(input: {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  goal?: TBenchRow["goal"];
  ceiling?: TBenchRow["ceiling"];
  note?: string;
}): TBenchRow {
  const ceiling = input.ceiling ?? null;
  const ratio = ceiling && ceiling.value > 0 ? input.value / ceiling.value : null;
  const goal = input.goal ?? null;
  const measured = goal?.on === "ratio" ? ratio : input.value;
  const pass = goal === null || measured === null ? null : goal.op === ">=" ? measured >= goal.target : measured <= goal.target;
  return { bench: input.bench, figure: input.figure, value: input.value, unit: input.unit, goal, ceiling, ratio, pass, note: input.note ?? "" };
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  return abs >= 1000 ? n.toFixed(0) : abs >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** The table `pnpm bench` prints: one line per figure. */
export function formatTable(rows: TBenchRow[]): string {
  const header = ["bench", "figure", "measured", "goal", "ceiling (same run)", "ratio", "result"];
  const lines = rows.map((r) => [
    r.bench,
    r.figure,
    `${fmt(r.value)} ${r.unit}`,
    r.goal ? `${r.goal.on === "ratio" ? "ratio " : ""}${r.goal.op} ${r.goal.target}` : "-",
    r.ceiling ? `${fmt(r.ceiling.value)} ${r.unit} (${r.ceiling.label})` : "-",
    r.ratio === null ? "-" : r.ratio.toFixed(2),
    r.pass === null ? "info" : r.pass ? "pass" : "MISS",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [render(header), render(widths.map((w) => "-".repeat(w))), ...lines.map(render)].join("\n");
}

/** Percentile (0..100) of a list of numbers, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

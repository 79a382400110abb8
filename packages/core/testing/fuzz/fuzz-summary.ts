/** What one input did; the summary is built from these, in process or from a child's messages. */
export type TFuzzOutcome = {
  target: string;
  index: number;
  steps: string[];
  ocr: boolean;
  outcome: "result" | "typed" | "failure";
  code?: string;
  ms: number;
};

export type TFuzzFailure = {
  target: string;
  /** With the run seed, replays the input: `fuzz-cli.ts --seed S --replay target:index`. */
  index: number;
  steps: string[];
  kind: "untyped-error" | "timeout" | "unhandled-rejection" | "uncaught-exception" | "crash" | "memory";
  error: string;
  stack: string;
};

export type TTargetSummary = {
  target: string;
  inputs: number;
  results: number;
  typedErrors: number;
  failures: number;
  /** Inputs generated but not run because they would have gone over the target's OCR budget. */
  skipped: number;
  ocrInputs: number;
  /** AppError codes seen, with counts. */
  codes: Record<string, number>;
  totalMs: number;
  maxMs: number;
  /** The slowest input, to replay when a target is slow. */
  slowest: { index: number; steps: string[] } | null;
};

export type TFuzzMemory = { baselineRssMb: number; peakRssMb: number; finalRssMb: number; growthMb: number };

export type TFuzzSummary = {
  seed: number;
  totalInputs: number;
  targets: TTargetSummary[];
  failures: TFuzzFailure[];
  durationMs: number;
  /** Of the in-process run and of each engine child (their RSS is their own). */
  memory: TFuzzMemory[];
};

export function emptySummary(target: string): TTargetSummary {
  return { target, inputs: 0, results: 0, typedErrors: 0, failures: 0, skipped: 0, ocrInputs: 0, codes: {}, totalMs: 0, maxMs: 0, slowest: null };
}

export function recordOutcome(summary: TTargetSummary, outcome: TFuzzOutcome): void {
  summary.inputs++;
  if (outcome.ocr) summary.ocrInputs++;
  if (outcome.outcome === "result") summary.results++;
  else if (outcome.outcome === "typed") summary.typedErrors++;
  else summary.failures++;
  if (outcome.code) summary.codes[outcome.code] = (summary.codes[outcome.code] ?? 0) + 1;
  summary.totalMs += outcome.ms;
  if (outcome.ms > summary.maxMs) {
    summary.maxMs = outcome.ms;
    summary.slowest = { index: outcome.index, steps: outcome.steps };
  }
}

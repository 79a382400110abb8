import { emptySummary, recordOutcome, type TFuzzFailure, type TFuzzMemory, type TFuzzSummary, type TTargetSummary } from "./fuzz-summary";
import { FUZZ_TARGETS } from "./fuzz-targets";
import { runIsolated } from "./run-isolated";
import { runTargets, type TFuzzSink, type TTargetRunOptions } from "./run-targets";

export type { TFuzzFailure, TFuzzSummary, TTargetSummary } from "./fuzz-summary";

export type TRunFuzzOptions = {
  seed: number;
  /** Inputs per target; missing targets use their default count times `scale`. */
  counts?: Partial<Record<string, number>>;
  /** Multiplies every default count and OCR budget (default 1). */
  scale?: number;
  /** Only these targets (all when absent). */
  targets?: string[];
  /** Run exactly one input, to replay a failure. */
  replay?: { target: string; index: number };
  /** Per call (default 30 s). */
  timeoutMs?: number;
  /** Fails (and stops) a process whose RSS grows more than this over its warmed-up baseline (default 500). */
  maxRssGrowthMb?: number;
  /** Native engines in a child process, so a crash is a reported failure rather than the end of the run (default true). */
  isolateEngines?: boolean;
  onProgress?: (line: string) => void;
  /** Called before each input runs. */
  onInput?: (target: string, index: number, steps: string[]) => void;
};

/**
 * The fuzz campaign: seeded, replayable inputs through validation, the text parsers and every engine. Each call
 * must return or throw an AppError within the timeout, without crashing the process or growing memory unboundedly;
 * anything else is a failure naming the input (target and index) that replays it.
 */
export async function runFuzz(options: TRunFuzzOptions): Promise<TFuzzSummary> {
  const started = performance.now();
  const names = FUZZ_TARGETS.filter((t) => (options.replay ? t.name === options.replay.target : (options.targets?.includes(t.name) ?? true)));
  const summaries = new Map<string, TTargetSummary>(names.map((t) => [t.name, emptySummary(t.name)]));
  const failures: TFuzzFailure[] = [];
  const memory: TFuzzMemory[] = [];
  const summaryOf = (target: string): TTargetSummary => {
    const summary = summaries.get(target) ?? emptySummary(target);
    summaries.set(target, summary);
    return summary;
  };
  let lastTarget = "";
  const sink: TFuzzSink = {
    input(target, index, steps) {
      if (target !== lastTarget && lastTarget) progress(lastTarget);
      lastTarget = target;
      options.onInput?.(target, index, steps);
    },
    outcome: (outcome) => recordOutcome(summaryOf(outcome.target), outcome),
    failure: (failure) => failures.push(failure),
    skipped: (target) => summaryOf(target).skipped++,
    memory: (m) => memory.push(m),
  };
  const progress = (target: string): void => {
    const s = summaryOf(target);
    options.onProgress?.(
      `${target}: ${s.inputs} inputs, ${s.results} results, ${s.typedErrors} typed errors, ${s.failures} failures (${Math.round(s.totalMs)} ms)`,
    );
  };

  const isolate = options.isolateEngines ?? true;
  const base: Omit<TTargetRunOptions, "targets"> = {
    seed: options.seed,
    scale: options.scale ?? 1,
    counts: options.counts,
    replay: options.replay,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxRssGrowthMb: options.maxRssGrowthMb ?? 500,
  };
  const local = names.filter((t) => !(isolate && t.native)).map((t) => t.name);
  const engines = names.filter((t) => isolate && t.native).map((t) => t.name);
  if (local.length > 0) await runTargets({ ...base, targets: local }, sink);
  if (engines.length > 0) await runIsolated({ ...base, targets: engines }, sink);
  if (lastTarget) progress(lastTarget);

  const targets = [...summaries.values()].map((s) => ({ ...s, totalMs: Math.round(s.totalMs), maxMs: Math.round(s.maxMs) }));
  // Escaped rejections and crashes are failures of the target they surfaced in, on top of its per-input outcomes.
  for (const failure of failures) {
    if (failure.kind === "unhandled-rejection" || failure.kind === "uncaught-exception" || failure.kind === "memory") {
      const summary = targets.find((s) => s.target === failure.target);
      if (summary) summary.failures++;
    }
  }
  return {
    seed: options.seed,
    totalInputs: targets.reduce((n, s) => n + s.inputs, 0),
    targets,
    failures,
    durationMs: Math.round(performance.now() - started),
    memory,
  };
}

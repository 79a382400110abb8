import { isAppError } from "../../src/errors/app-error";
import { stopMrzOcr } from "../../src/node/engines/mrz/read-mrz";
import { stopLocalOcr } from "../../src/node/engines/local-ocr";
import { buildSeedCorpus, inputRng } from "./fuzz-inputs";
import type { TFuzzFailure, TFuzzMemory, TFuzzOutcome } from "./fuzz-summary";
import { FUZZ_TARGETS, type TFuzzTarget } from "./fuzz-targets";
import { warmUp } from "./warm-up";

/** Plain data (it crosses to a child process as JSON): which inputs to run and how. */
export type TTargetRunOptions = {
  seed: number;
  scale: number;
  counts?: Partial<Record<string, number>>;
  targets: string[];
  replay?: { target: string; index: number };
  timeoutMs: number;
  maxRssGrowthMb: number;
  /** Resume after a crash: the first target starts at `index`, with that many inputs and OCR inputs already run. */
  start?: { target: string; index: number; inputsDone: number; ocrDone: number };
};

/** Where the runner reports; the parent process or a child's IPC channel. */
export type TFuzzSink = {
  input(target: string, index: number, steps: string[], ocr: boolean): void;
  outcome(outcome: TFuzzOutcome): void;
  failure(failure: TFuzzFailure): void;
  skipped(target: string): void;
  memory(memory: TFuzzMemory): void;
  /**
   * Present in a child process: a call that hung or a runaway heap cannot be cancelled, so the child leaves and a
   * fresh one resumes after the input. Without it the run stops there.
   */
  abandon?: () => Promise<never>;
};

const MB = 1024 * 1024;
const rssMb = (): number => Math.round(process.memoryUsage().rss / MB);

class FuzzTimeout extends Error {
  override name = "FuzzTimeout";
}

function withTimeout(run: () => unknown, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FuzzTimeout(`no answer within ${ms / 1000} s`)), ms);
  });
  // Calling inside the promise chain turns a synchronous throw into a rejection like an async one.
  const call = Promise.resolve().then(() => run());
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}

export const describeError = (error: unknown): { error: string; stack: string } =>
  error instanceof Error
    ? { error: `${error.name}: ${error.message}`.slice(0, 300), stack: (error.stack ?? "").split("\n").slice(1, 8).join("\n") }
    : { error: `non-Error thrown: ${String(error)}`.slice(0, 300), stack: "" };

/**
 * Runs the inputs of the given targets in this process: each call must return or throw an AppError within the
 * timeout. Escaped rejections and exceptions are blamed on the input running when they surface.
 */
export async function runTargets(opts: TTargetRunOptions, sink: TFuzzSink): Promise<void> {
  const corpus = await buildSeedCorpus();
  const targets = FUZZ_TARGETS.filter((t) => opts.targets.includes(t.name));
  let current = { target: "(none)", index: -1, steps: [] as string[] };
  const onRejection = (reason: unknown) => sink.failure({ ...current, kind: "unhandled-rejection", ...describeError(reason) });
  const onException = (error: unknown) => sink.failure({ ...current, kind: "uncaught-exception", ...describeError(error) });
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  const memory: TFuzzMemory = { baselineRssMb: 0, peakRssMb: 0, finalRssMb: 0, growthMb: 0 };
  try {
    if (!opts.replay)
      await warmUp(
        corpus,
        targets.map((t) => t.name),
      );
    memory.baselineRssMb = rssMb();
    memory.peakRssMb = memory.baselineRssMb;
    let baseline = memory.baselineRssMb;
    // Over the limit is a failure; the baseline then moves up so later targets are judged on their own growth.
    // Only growth far past it (a leak that would take the machine down) stops the run.
    const memoryOk = (target: string): boolean => {
      const rss = rssMb();
      memory.peakRssMb = Math.max(memory.peakRssMb, rss);
      if (rss - baseline <= opts.maxRssGrowthMb) return true;
      sink.failure({
        target,
        index: current.index,
        steps: current.steps,
        kind: "memory",
        error: `RSS grew ${rss - baseline} MB over the baseline (limit ${opts.maxRssGrowthMb} MB) by this input`,
        stack: "",
      });
      const runaway = rss - memory.baselineRssMb > opts.maxRssGrowthMb * 4;
      baseline = rss;
      return !runaway;
    };
    for (const target of targets) {
      if (opts.start && targets.indexOf(target) < targets.findIndex((t) => t.name === opts.start?.target)) continue;
      const ok = await runTarget(target, opts, corpus, sink, (c) => (current = c), memoryOk);
      if (!ok && sink.abandon) await sink.abandon();
      if (!ok) break;
    }
  } finally {
    await Promise.allSettled([stopLocalOcr(), stopMrzOcr()]);
    // Let late rejections from the last inputs surface before the listeners go.
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onException);
  }
  memory.finalRssMb = rssMb();
  memory.growthMb = memory.finalRssMb - memory.baselineRssMb;
  sink.memory(memory);
}

async function runTarget(
  target: TFuzzTarget,
  opts: TTargetRunOptions,
  corpus: Awaited<ReturnType<typeof buildSeedCorpus>>,
  sink: TFuzzSink,
  setCurrent: (current: { target: string; index: number; steps: string[] }) => void,
  memoryOk: (target: string) => boolean,
): Promise<boolean> {
  const resume = opts.start?.target === target.name ? opts.start : undefined;
  let inputs = resume?.inputsDone ?? 0;
  let ocrInputs = resume?.ocrDone ?? 0;
  const wanted = opts.replay ? 1 : (opts.counts?.[target.name] ?? Math.round(target.count * opts.scale));
  const ocrBudget = Math.round((target.ocrBudget ?? 0) * opts.scale);
  const first = opts.replay?.index ?? resume?.index ?? 0;
  // Inputs over the OCR budget are skipped, so allow more indices than inputs.
  const last = opts.replay ? opts.replay.index : wanted * 4;
  for (let index = first; index <= last && (opts.replay ? inputs < 1 : inputs < wanted); index++) {
    const fuzzCase = await target.make(inputRng(opts.seed, target.name, index), corpus);
    const ocr = fuzzCase.reachesOcr !== undefined && (await fuzzCase.reachesOcr());
    if (ocr && !opts.replay && ocrInputs >= ocrBudget) {
      sink.skipped(target.name);
      continue;
    }
    if (ocr) ocrInputs++;
    inputs++;
    setCurrent({ target: target.name, index, steps: fuzzCase.steps });
    sink.input(target.name, index, fuzzCase.steps, ocr);
    const base = { target: target.name, index, steps: fuzzCase.steps, ocr };
    const t0 = performance.now();
    try {
      await withTimeout(fuzzCase.run, opts.timeoutMs);
      const ms = performance.now() - t0;
      // A synchronous call cannot be interrupted by the timer: judge it by its duration.
      if (ms > opts.timeoutMs) {
        sink.failure({ ...base, kind: "timeout", error: `took ${Math.round(ms)} ms`, stack: "" });
        sink.outcome({ ...base, outcome: "failure", ms });
      } else sink.outcome({ ...base, outcome: "result", ms });
    } catch (error) {
      const ms = performance.now() - t0;
      if (isAppError(error)) {
        sink.outcome({ ...base, outcome: "typed", code: error.code, ms });
      } else {
        sink.failure({
          target: target.name,
          index,
          steps: fuzzCase.steps,
          kind: error instanceof FuzzTimeout ? "timeout" : "untyped-error",
          ...describeError(error),
        });
        sink.outcome({ ...base, outcome: "failure", ms });
        // The hung call still holds its engine (a serial OCR queue): everything after it would wait.
        if (error instanceof FuzzTimeout && sink.abandon) await sink.abandon();
      }
    }
    // Checked after every expensive input (a single page render can be the culprit), every 50 cheap ones.
    if ((target.native || inputs % 50 === 0) && !memoryOk(target.name)) return false;
  }
  return memoryOk(target.name);
}

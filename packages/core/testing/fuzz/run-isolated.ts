import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { TFuzzFailure, TFuzzMemory, TFuzzOutcome } from "./fuzz-summary";
import type { TFuzzSink, TTargetRunOptions } from "./run-targets";

const require = createRequire(import.meta.url);
const CHILD = fileURLToPath(new URL("./fuzz-child.ts", import.meta.url));
const MAX_RESTARTS = 25;

type TChildMessage =
  | { type: "input"; target: string; index: number; steps: string[]; ocr: boolean }
  | { type: "outcome"; outcome: TFuzzOutcome }
  | { type: "failure"; failure: TFuzzFailure }
  | { type: "skipped"; target: string }
  | { type: "memory"; memory: TFuzzMemory }
  | { type: "abandon" }
  | { type: "done" };

type TChildEnd = { done: boolean; abandoned: boolean; code: number | null; signal: string | null; stderr: string[] };

function runChild(opts: TTargetRunOptions, onMessage: (message: TChildMessage) => void): Promise<TChildEnd> {
  // tsx from the workspace, so the child runs the TypeScript sources as the parent does.
  const tsx = pathToFileURL(require.resolve("tsx")).href;
  const child = fork(CHILD, [JSON.stringify(opts)], { execArgv: ["--import", tsx], stdio: ["ignore", "ignore", "pipe", "ipc"] });
  const stderr: string[] = [];
  let done = false;
  let abandoned = false;
  child.stderr?.on("data", (chunk: Buffer) => {
    // Keep the last lines: a native crash often says something just before it dies.
    stderr.push(...chunk.toString().split("\n").filter(Boolean));
    stderr.splice(0, Math.max(0, stderr.length - 12));
  });
  child.on("message", (message: TChildMessage) => {
    if (message.type === "done") done = true;
    if (message.type === "abandon") abandoned = true;
    onMessage(message);
  });
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ done, abandoned, code, signal, stderr })));
}

/**
 * Runs engine targets in a child process; when the child dies mid-input, that input is reported as a crash and
 * a new child resumes after it, so one crashing decoder does not hide the rest of the campaign.
 */
export async function runIsolated(opts: TTargetRunOptions, sink: TFuzzSink): Promise<void> {
  const done: Record<string, { inputs: number; ocr: number }> = {};
  let start = opts.start;
  for (let restart = 0; restart <= MAX_RESTARTS; restart++) {
    let last: { target: string; index: number; steps: string[]; ocr: boolean; finished: boolean } | undefined;
    const end = await runChild({ ...opts, start }, (message) => {
      if (message.type === "input") {
        last = { ...message, finished: false };
        const count = (done[message.target] ??= { inputs: 0, ocr: 0 });
        count.inputs++;
        if (message.ocr) count.ocr++;
        sink.input(message.target, message.index, message.steps, message.ocr);
      } else if (message.type === "outcome") {
        if (last) last.finished = true;
        sink.outcome(message.outcome);
      } else if (message.type === "failure") sink.failure(message.failure);
      else if (message.type === "skipped") sink.skipped(message.target);
      else if (message.type === "memory") sink.memory(message.memory);
    });
    if (end.done) return;
    if (end.abandoned && last) {
      // The child reported the hang or the memory failure itself; resume after that input in a fresh process.
      const count = done[last.target] ?? { inputs: 0, ocr: 0 };
      start = { target: last.target, index: last.index + 1, inputsDone: count.inputs, ocrDone: count.ocr };
      continue;
    }
    const how = end.signal ? `killed by ${end.signal}` : `exited with code ${String(end.code)}`;
    if (!last || last.finished) {
      sink.failure({
        target: last?.target ?? "(start-up)",
        index: last?.index ?? -1,
        steps: [],
        kind: "crash",
        error: `engine process ${how} outside an input`,
        stack: end.stderr.join("\n"),
      });
      return;
    }
    sink.failure({ target: last.target, index: last.index, steps: last.steps, kind: "crash", error: `engine process ${how}`, stack: end.stderr.join("\n") });
    sink.outcome({ target: last.target, index: last.index, steps: last.steps, ocr: last.ocr, outcome: "failure", ms: 0 });
    const count = done[last.target] ?? { inputs: 0, ocr: 0 };
    start = { target: last.target, index: last.index + 1, inputsDone: count.inputs, ocrDone: count.ocr };
  }
  sink.failure({ target: "(runner)", index: -1, steps: [], kind: "crash", error: `gave up after ${MAX_RESTARTS} engine process crashes`, stack: "" });
}

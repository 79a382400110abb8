// The engine half of a fuzz run, in its own process so a native crash (a segfault in a decoder) is reported
// by the parent with the input that caused it instead of killing the test run. Started by run-isolated.ts.
import { runTargets, type TFuzzSink, type TTargetRunOptions } from "./run-targets";

type TMessage = { type: string; [key: string]: unknown };

const send = (message: TMessage): void => {
  process.send?.(message);
};

const opts = JSON.parse(process.argv[2] ?? "{}") as TTargetRunOptions;
const sink: TFuzzSink = {
  input: (target, index, steps, ocr) => send({ type: "input", target, index, steps, ocr }),
  outcome: (outcome) => send({ type: "outcome", outcome }),
  failure: (failure) => send({ type: "failure", failure }),
  skipped: (target) => send({ type: "skipped", target }),
  memory: (memory) => send({ type: "memory", memory }),
  abandon: () =>
    new Promise<never>(() => {
      process.send?.({ type: "abandon" }, () => process.exit(0));
    }),
};

await runTargets(opts, sink);
// Exit only once the last messages have left: the parent treats an exit before "done" as a crash.
process.send?.({ type: "done" }, () => process.exit(0));

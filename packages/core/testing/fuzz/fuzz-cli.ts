// Longer fuzz runs than the test's: npx tsx packages/core/testing/fuzz/fuzz-cli.ts --seed 7 --scale 5
// Replay one input: --seed 7 --replay parseMrz:123 ; some targets only: --targets parseMrz,readPdf417
import { parseArgs } from "node:util";
import { formatSummary } from "./format-summary";
import { runFuzz } from "./run-fuzz";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    scale: { type: "string", default: "1" },
    targets: { type: "string" },
    replay: { type: "string" },
    "timeout-ms": { type: "string", default: "30000" },
    // Logs every input before it runs, to name the one that crashes the process.
    trace: { type: "boolean", default: false },
  },
});

function replayOf(value: string | undefined): { target: string; index: number } | undefined {
  if (!value) return undefined;
  const [target = "", index = ""] = value.split(":");
  if (!target || !/^\d+$/.test(index)) throw new Error(`--replay wants target:index, got ${value}`);
  return { target, index: Number(index) };
}

const seed = Number(values.seed);
const scale = Number(values.scale);
if (!Number.isInteger(seed) || !(scale > 0)) throw new Error("--seed wants an integer and --scale a positive number");

const summary = await runFuzz({
  seed,
  scale,
  targets: values.targets?.split(","),
  replay: replayOf(values.replay),
  timeoutMs: Number(values["timeout-ms"]),
  onProgress: (line) => console.error(line),
  onInput: values.trace ? (target, index, steps) => console.error(`> ${target}:${index} ${steps.join(" | ")}`) : undefined,
});
console.log(formatSummary(summary));
for (const failure of summary.failures) {
  console.log(`\n[${failure.kind}] ${failure.target}:${failure.index}  ${failure.steps.join(" | ")}\n  ${failure.error}\n${failure.stack}`);
}
process.exit(summary.failures.length > 0 ? 1 : 0);

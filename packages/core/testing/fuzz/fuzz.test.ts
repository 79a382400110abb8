import { describe, expect, it } from "vitest";
import { formatSummary } from "./format-summary";
import { KNOWN_DEFECTS, knownDefectOf } from "./known-defects";
import { runFuzz } from "./run-fuzz";

// Fixed, so a failure here replays with `npx tsx packages/core/testing/fuzz/fuzz-cli.ts --seed 20260601 --replay target:index`.
const SEED = 20_260_601;

describe("fuzz campaign", () => {
  it("every mutated, truncated or random input ends in a result or an AppError: no crash, hang or runaway memory", async () => {
    const summary = await runFuzz({ seed: SEED, timeoutMs: 30_000, maxRssGrowthMb: 500 });
    console.log(formatSummary(summary));

    const known = summary.failures.filter((f) => knownDefectOf(f));
    const unknown = summary.failures.filter((f) => !knownDefectOf(f));
    for (const defect of KNOWN_DEFECTS) {
      const hits = known.filter((f) => knownDefectOf(f) === defect);
      console.log(`known defect ${defect.id}: ${hits.length} inputs${hits[0] ? `, e.g. ${hits[0].target}:${hits[0].index}` : ""} (${defect.where})`);
    }
    const report = unknown.map((f) => `[${f.kind}] ${f.target}:${f.index} ${f.steps.join(" | ")}\n  ${f.error}\n${f.stack}`);

    expect(summary.totalInputs).toBeGreaterThanOrEqual(10_000);
    const validation = summary.targets.filter((t) => ["detectType", "validateDocument", "validateFile"].includes(t.target));
    expect(validation.reduce((n, t) => n + t.inputs, 0)).toBeGreaterThanOrEqual(10_000);
    for (const parser of ["parseAamva", "parseMrz", "structureReceipt", "structureInvoice"]) {
      expect(summary.targets.find((t) => t.target === parser)?.inputs).toBeGreaterThanOrEqual(2_000);
    }
    // Both local OCR engines see mutated, truncated and hostile images.
    for (const engine of ["tesseractEngine", "paddleEngine"]) {
      expect(summary.targets.find((t) => t.target === engine)?.inputs).toBeGreaterThanOrEqual(12);
    }
    // Memory growth over 500 MB, hangs and crashes are failures in `report` too, named by the input behind them.
    expect(report).toEqual([]);
  }, 240_000);
});

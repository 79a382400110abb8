/**
 * `pnpm exec tsx packages/core/scripts/quality-gate.ts [--corpus ../shared/corpus]`: the capture
 * quality gate on the corpus's receipt photos and scans as they are (every one should pass) and on
 * copies spoiled four ways (each should be stopped, for its own reason). Prints the rates and the
 * measures of any photo stopped or let through wrongly, to set QUALITY_LIMITS by.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { assessImageQuality } from "../src/image-quality";
import { grayForQuality, spoil, type TSpoiled } from "../testing/quality-variants";

const { values } = parseArgs({ options: { corpus: { type: "string", default: "../shared/corpus" }, limit: { type: "string" } } });
const dir = join(resolve(values.corpus ?? "../shared/corpus"), "receipts");
const files = (await readdir(dir)).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
const chosen = values.limit ? files.slice(0, Number(values.limit)) : files;
const HOW: TSpoiled[] = ["blurry", "dark", "washed-out", "glare"];

let passed = 0;
const stopped = Object.fromEntries(HOW.map((h) => [h, 0])) as Record<TSpoiled, number>;
const stoppedAtAll = Object.fromEntries(HOW.map((h) => [h, 0])) as Record<TSpoiled, number>;
const wrong: string[] = [];
const round = (n: number) => Math.round(n * 1000) / 1000;
for (const file of chosen) {
  const bytes = await readFile(join(dir, file));
  const original = assessImageQuality(await grayForQuality(bytes));
  if (!original.problem) passed++;
  else wrong.push(`${file} as it is: ${original.problem.code} ${JSON.stringify({ ...original, problem: undefined, sharpness: round(original.sharpness) })}`);
  for (const how of HOW) {
    const spoiled = assessImageQuality(await grayForQuality(await spoil(bytes, how)));
    if (spoiled.problem) stoppedAtAll[how]++;
    if (spoiled.problem?.code === how) stopped[how]++;
    else
      wrong.push(
        `${file} ${how}: ${spoiled.problem?.code ?? "passed"} ${JSON.stringify({ ...spoiled, problem: undefined, sharpness: round(spoiled.sharpness) })}`,
      );
  }
}
const pct = (n: number) => `${((100 * n) / chosen.length).toFixed(1)}%`;
console.log(`${chosen.length} receipts: ${pct(passed)} pass as they are`);
for (const how of HOW) console.log(`  ${how}: ${pct(stoppedAtAll[how])} stopped, ${pct(stopped[how])} as ${how}`);
if (wrong.length) console.log(`\nwrong (${wrong.length}):\n${wrong.slice(0, 40).join("\n")}`);

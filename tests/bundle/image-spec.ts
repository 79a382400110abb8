/**
 * What the Dockerfile says the runtime stage is: its environment (ENV of the stage and of the
 * stages it is built FROM), ENTRYPOINT and HEALTHCHECK command, read from the file so the bundle
 * test starts the roles exactly as the image would and cannot drift from it.
 */
import { readFileSync } from "node:fs";

export type TImageSpec = { env: Record<string, string>; entrypoint: string[]; healthcheck: string[] };

type TStage = { from: string; env: Record<string, string>; entrypoint?: string[]; healthcheck?: string[] };

function execForm(value: string, what: string): string[] {
  const parsed: unknown = JSON.parse(value);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === "string")) throw new Error(`Dockerfile: ${what} is not an exec-form array`);
  return parsed;
}

export function readImageSpec(dockerfile: string, stageName = "runtime"): TImageSpec {
  const stages = new Map<string, TStage>();
  let current: TStage | undefined;
  // Continuation lines joined, comments dropped, as Docker reads them.
  const instructions = readFileSync(dockerfile, "utf8")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      current = { from: from[1] ?? "", env: {} };
      if (from[2]) stages.set(from[2], current);
      continue;
    }
    if (!current) continue;
    const env = /^ENV\s+(.*)$/i.exec(line);
    if (env) {
      for (const pair of (env[1] ?? "").split(/\s+/)) {
        const at = pair.indexOf("=");
        if (at <= 0 || /["']/.test(pair)) throw new Error(`Dockerfile: ENV ${pair} is not a plain KEY=value this test understands`);
        current.env[pair.slice(0, at)] = pair.slice(at + 1);
      }
    }
    const entrypoint = /^ENTRYPOINT\s+(\[.*\])$/i.exec(line);
    if (entrypoint) current.entrypoint = execForm(entrypoint[1] ?? "", "ENTRYPOINT");
    const healthcheck = /^HEALTHCHECK\s.*\bCMD\s+(\[.*\])$/i.exec(line);
    if (healthcheck) current.healthcheck = execForm(healthcheck[1] ?? "", "HEALTHCHECK CMD");
  }
  // A stage inherits its parent stage's settings; its own come last.
  const chain: TStage[] = [];
  for (let stage = stages.get(stageName); stage; stage = stages.get(stage.from)) chain.unshift(stage);
  if (chain.length === 0) throw new Error(`Dockerfile: no stage named ${stageName}`);
  const env = Object.assign({}, ...chain.map((stage) => stage.env)) as Record<string, string>;
  const entrypoint = chain.findLast((stage) => stage.entrypoint)?.entrypoint;
  const healthcheck = chain.findLast((stage) => stage.healthcheck)?.healthcheck;
  if (!entrypoint || !healthcheck) throw new Error(`Dockerfile: stage ${stageName} has no exec-form ENTRYPOINT or HEALTHCHECK CMD`);
  return { env, entrypoint, healthcheck };
}

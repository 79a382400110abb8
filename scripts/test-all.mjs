// `pnpm test`: every check and every test, in order, continuing past failures so one run shows
// everything; then one totals line `N passed, N failed` (vitest and Playwright JSON reports,
// plus one count per check step). Exits non-zero when anything failed.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const reportDir = join(root, "reports");
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

const env = {
  ...process.env,
  REPORT_DIR: reportDir,
  TURBO_TELEMETRY_DISABLED: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1",
  FORCE_COLOR: "0",
};
const quick = process.argv.includes("--quick");

/** @type {{ name: string, ok: boolean, seconds: number, counted: boolean, tail: string[] }[]} */
const steps = [];
/** The last lines a step printed: shown again above the summary when it failed (CI logs are read from the end). */
const TAIL_LINES = 12;
const tailOf = (text) =>
  text
    .split("\n")
    .filter((line) => line.trim())
    .slice(-TAIL_LINES);
/** Process groups of the steps running now, killed with test-all when it is stopped. */
const groups = new Set();
/**
 * Spawns a step's command as the leader of a process group of its own (`group`), so that whatever
 * it leaves running can be ended with it: a test runner that dies natively (a SIGSEGV was seen in
 * the fault suite) leaves its servers behind, holding the step's output pipes open for ever.
 * `group: false` for a command whose children must outlive it (the services step starts PostgreSQL).
 */
function spawnGroup(command, args, { env: stepEnv = env, stdio, group = true }) {
  // Its own group is never the terminal's foreground one: it must not read the terminal.
  const child = spawn(command, args, { cwd: root, env: stepEnv, stdio: group ? ["ignore", stdio[1], stdio[2]] : stdio, detached: group });
  if (group) groups.add(child.pid);
  child.group = group;
  return child;
}
/**
 * Resolves with whether the command exited with 0. Waits for its output to end, but at most
 * `CLOSE_GRACE_MS` after the command itself has exited; then kills what is left of its group.
 */
const CLOSE_GRACE_MS = 10_000;
function exited(child) {
  return new Promise((done) => {
    let code = null;
    let signal = null;
    let grace;
    let over = false;
    const finish = () => {
      if (over) return;
      over = true;
      clearTimeout(grace);
      if (child.group) {
        groups.delete(child.pid);
        killGroup(child.pid, "SIGKILL");
      }
      if (signal) console.error(`[test-all] ${child.spawnargs.join(" ")} ended by ${signal}`);
      done(code === 0);
    };
    child.on("exit", (exitCode, exitSignal) => {
      code = exitCode;
      signal = exitSignal;
      grace = setTimeout(() => {
        console.error(`[test-all] ${child.spawnargs.join(" ")} exited, but processes it started still hold its output: ending them`);
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, CLOSE_GRACE_MS);
    });
    child.on("close", finish);
    child.on("error", (error) => {
      console.error(`[test-all] ${child.spawnargs.join(" ")} could not start: ${error.message}`);
      code = -1;
      finish();
    });
  });
}
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}
for (const stop of ["SIGINT", "SIGTERM"])
  process.on(stop, () => {
    for (const pid of groups) killGroup(pid, "SIGKILL");
    process.exit(130);
  });
/** Runs a step in the foreground, its output shown as it comes and its last lines kept. */
async function step(name, command, args, { counted = false, group = true } = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  let last = "";
  const child = spawnGroup(command, args, { env, stdio: ["inherit", "pipe", "pipe"], group });
  const keep = (stream, to) =>
    stream.on("data", (chunk) => {
      to.write(chunk);
      last = (last + chunk.toString()).slice(-8192);
    });
  keep(child.stdout, process.stdout);
  keep(child.stderr, process.stderr);
  const ok = await exited(child);
  steps.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000), counted, tail: tailOf(last) });
  return ok;
}

await step("services", "bash", ["scripts/ensure-test-services.sh"], { group: false });
const built = await step("build", "pnpm", ["exec", "turbo", "run", "build"]);
await step("schema vs migrations", "pnpm", ["db:check"]);
// One turbo run for both: a package's lint and another's typecheck fill the two cores together.
await step("typecheck and lint", "pnpm", ["exec", "turbo", "run", "typecheck", "lint", "--continue"]);
await step("typecheck scripts", "pnpm", ["exec", "tsc", "-p", "tsconfig.json"]);
await step("format", "pnpm", ["format:check"]);
// The Kubernetes manifests rendered by kubectl and validated against the Kubernetes and KEDA schemas;
// manifests and compose file set only variables the apps read.
await step("deploy manifests", "pnpm", ["deploy:check"]);
// The image's application (deploy/docker/bundle.sh, with this run's build outputs) staged in a
// temporary directory and started from there alone: migrate, web, both worker lanes on the real
// PostgreSQL and Redis; it must read a receipt and an invoice (about a minute, using a core or so,
// so it runs on its own rather than beside a step).
if (built) await step("pruned bundle", "pnpm", ["deploy:bundle"]);
/**
 * Test runs started in the background, one after another (each command runs even when one before
 * it failed); resolves when the last ends. The output is kept in a file and shown, with a step line
 * of its own, by `finish`, so runs side by side do not interleave their output.
 * @param {string} name
 * @param {{ command: string, args: string[], env?: Record<string, string> }[]} runs
 * @param {{ counted?: boolean }} [options] counted: a test run whose report holds its tests (else the step counts as one check)
 */
function background(name, runs, { counted = true } = {}) {
  const log = join(mkdtempSync(join(tmpdir(), "dv-lane-")), "out.log");
  const out = createWriteStream(log);
  const started = Date.now();
  const runOne = ({ command, args, env: extraEnv = {} }) =>
    new Promise((done) => {
      out.write(`\n--- ${command} ${args.join(" ")}\n`);
      const child = spawnGroup(command, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.pipe(out, { end: false });
      child.stderr.pipe(out, { end: false });
      exited(child).then(done);
    });
  const ended = (async () => {
    let ok = true;
    for (const run of runs) ok = (await runOne(run)) && ok;
    await new Promise((resolve) => out.end(resolve));
    return { ok, seconds: Math.round((Date.now() - started) / 1000) };
  })();
  return {
    async finish() {
      const { ok, seconds } = await ended;
      const output = readFileSync(log, "utf8");
      console.log(`\n=== ${name} (run beside)`);
      console.log(output);
      steps.push({ name, ok, seconds, counted, tail: tailOf(output.slice(-8192)) });
    },
  };
}

// The whole-app integration tests (tests/int: the production server, embedded mode, backup and
// restore) spend most of their time waiting on one upload trickled for longer than Node's 300 s
// request timeout: they start with the unit tests and run on beside the packages' integration tests.
const wholeApp = background("integration tests (whole app)", [{ command: "pnpm", args: ["--filter", "@docvault/tests", "run", "test:int"] }]);
// --continue: one package's failure must not hide another's (turbo stops at the first otherwise).
if (!(await step("unit tests", "pnpm", ["exec", "turbo", "run", "test", "--continue"], { counted: true }))) await rerunCrashedUnitFiles();
// The packages' integration tests in three lanes, mostly waiting on processes and queues: the
// worker's files (seven minutes one by one) in two halves, the second lane then the queue's, and
// the other packages' in turn. Each vitest run has a database and a Redis prefix of its own (its
// global set-up), so the lanes share nothing.
const workerLong = ["src/job-lifecycle.int.test.ts", "src/mistral-rate-limit.int.test.ts"];
const workerInt = (files, report) => ({
  command: "pnpm",
  args: ["--filter", "@docvault/worker", "exec", "vitest", "run", "--config", "vitest.int.config.ts", ...files],
  env: { VITEST_REPORT_NAME: `worker-int-${report}` },
});
const lanes = [
  background("integration tests (worker, first half)", [
    workerInt(
      workerLong.flatMap((file) => ["--exclude", file]),
      "b",
    ),
  ]),
  background("integration tests (worker, second half; queue)", [
    workerInt(workerLong, "a"),
    { command: "pnpm", args: ["--filter", "@docvault/queue", "run", "test:int"] },
  ]),
];
await step(
  "integration tests",
  "pnpm",
  ["exec", "turbo", "run", "test:int", "--concurrency=1", "--continue", "--filter=!@docvault/tests", "--filter=!@docvault/worker", "--filter=!@docvault/queue"],
  { counted: true },
);
for (const lane of lanes) await lane.finish();
await wholeApp.finish();
// The evaluation reads the corpus beside the project when it is there (CI has it; a fresh clone
// may not) and fails when a figure falls below the floor in packages/core/eval-floor.json. It reads
// the fixed half `--subset ci` (half the time of the whole corpus); `pnpm eval --corpus ../shared/corpus`
// reads all of it.
const corpus = resolve(root, "../shared/corpus");
if (existsSync(corpus) && !quick) {
  const report = join(reportDir, "eval.json");
  if (await step("evaluation", "pnpm", ["eval", "--corpus", corpus, "--subset", "ci", "--json", report])) {
    await step("evaluation floor", "pnpm", ["eval:check", report]);
  }
}
if (built && !quick) await step("end-to-end tests", "pnpm", ["--filter", "@docvault/tests", "run", "test:e2e"], { counted: true });
if (built && !quick) {
  // Benchmarks are not tests: a missed goal does not fail here, but each must still run (a few
  // seconds each), so a benchmark that breaks is seen at once. Full figures: `pnpm bench`, quiet.
  // The smoke run's figures mean nothing, so it runs beside the fault suite and the load test,
  // which leave about half the machine idle while their processes wait on each other.
  const benches = background("benchmarks (smoke run)", [{ command: "pnpm", args: ["bench", "--smoke", "--json", join(reportDir, "bench-smoke.json")] }], {
    counted: false,
  });
  // The fault suite, short: each fault with real processes and services of its own (about 2 min).
  await step("fault suite (short)", "pnpm", ["test:faults", "--short", "--json", join(reportDir, "faults.json")]);
  // Load, short: 200 different documents from 50 clients; no 5xx, none lost.
  await step("load test (short)", "pnpm", ["test:load", "--short", "--json", join(reportDir, "load.json")]);
  await benches.finish();
}

/**
 * A vitest process that dies under a unit test file (a native crash in an image library, seen a
 * few times on the busy CI machine, never reproduced alone) leaves that file's remaining tests
 * unrun and fails the step with no failed test. Those files, and only when nothing else failed, run
 * once more in their package; the crash stays in the log and the summary says it happened. A file
 * that fails or crashes again fails the run as before.
 */
async function rerunCrashedUnitFiles() {
  const read = (file) => JSON.parse(readFileSync(join(reportDir, file), "utf8"));
  const isCrash = (e) => /Worker exited unexpectedly|Worker forks emitted error/.test(`${e.message} ${e.stack}`);
  const plans = [];
  for (const file of readdirSync(reportDir).filter((f) => /^vitest-.+-unit\.json$/.test(f))) {
    const name = file.slice("vitest-".length, -".json".length);
    const report = read(file);
    const problems = existsSync(join(reportDir, `problems-${name}.json`)) ? read(`problems-${name}.json`) : { unhandled: [], modules: [] };
    const failedHere = report.numFailedTests > 0 || report.testResults.some((r) => r.status === "failed");
    // Anything but a crashed process is a real failure: nothing is run again.
    if (failedHere || problems.modules.length > 0 || !problems.unhandled.every(isCrash)) return;
    const unfinished = report.testResults.filter((r) => r.assertionResults.some((t) => t.status !== "passed"));
    if (problems.unhandled.length > 0 && unfinished.length > 0) plans.push({ name, file, report, unfinished });
  }
  if (plans.length === 0) return;
  const unit = steps.pop();
  let ok = true;
  for (const { name, file, report, unfinished } of plans) {
    const cwd = packageDirOf(unfinished[0].name);
    const files = unfinished.map((r) => relative(cwd, r.name));
    console.log(`\n=== unit tests: a vitest process of ${name} exited in the middle of ${files.join(", ")}; running those files once more`);
    // The crashed run's results for those files, and its crash report, make way for the new run's.
    const kept = report.testResults.filter((r) => !unfinished.includes(r));
    const count = (status) => kept.reduce((n, r) => n + r.assertionResults.filter((t) => t.status === status).length, 0);
    writeFileSync(join(reportDir, file), JSON.stringify({ ...report, testResults: kept, numPassedTests: count("passed"), numPendingTests: count("pending") }));
    rmSync(join(reportDir, `problems-${name}.json`));
    const again = await new Promise((done) => {
      const child = spawn("pnpm", ["exec", "vitest", "run", ...files], { cwd, env: { ...env, VITEST_REPORT_NAME: `${name}-again` }, stdio: "inherit" });
      child.on("close", (code) => done(code === 0));
    });
    ok &&= again;
  }
  steps.push({ ...unit, ok, name: `${unit.name} (files whose process crashed, run again)` });
}

/** The folder of the package a file belongs to: the nearest one above it with a package.json. */
function packageDirOf(file) {
  let dir = dirname(file);
  while (!existsSync(join(dir, "package.json")) && dir !== dirname(dir)) dir = dirname(dir);
  return dir;
}

let passed = 0;
let failed = 0;
let skipped = 0;
/** Each failed test, `file > title: first line of its error`, listed again above the summary so the end of a long log says what failed. */
const failures = [];
const firstLine = (text) =>
  String(text ?? "")
    .split("\n")
    .find((line) => line.trim()) ?? "";
for (const file of existsSync(reportDir) ? readdirSync(reportDir) : []) {
  const report = JSON.parse(readFileSync(join(reportDir, file), "utf8"));
  if (file.startsWith("vitest-")) {
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    for (const result of report.testResults ?? []) {
      const where = result.name.replace(`${root}/`, "");
      // A test file that failed to load reports no failed test: count it.
      if (result.status === "failed" && result.assertionResults?.length === 0) {
        failed++;
        failures.push(`${where}: ${firstLine(result.message)}`);
      }
      for (const test of result.assertionResults ?? []) {
        if (test.status === "failed") failures.push(`${where} > ${test.fullName ?? test.title}: ${firstLine(test.failureMessages?.[0])}`);
      }
    }
  } else if (file.startsWith("problems-")) {
    // Errors outside any test (tooling/vitest/problems-reporter.js): each fails the run, so each counts.
    const run = file.slice("problems-".length, -".json".length);
    for (const error of report.unhandled) {
      failed++;
      failures.push(`${run}: error outside any test: ${error.message} ${firstLine(error.stack?.split("\n").slice(1).join("\n"))}`);
    }
    for (const module of report.modules) {
      failed++;
      failures.push(`${module.file.replace(`${root}/`, "")}: ${module.errors.map((e) => e.message).join("; ")}`);
    }
  } else if (file === "playwright.json") {
    passed += (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0);
    failed += report.stats?.unexpected ?? 0;
    skipped += report.stats?.skipped ?? 0;
    const walk = (suite, path) => {
      for (const spec of suite.specs ?? []) {
        for (const test of spec.tests ?? []) {
          if (test.status !== "unexpected") continue;
          const error = test.results?.at(-1)?.error?.message;
          failures.push(`${spec.file ?? path} > ${spec.title}: ${firstLine(error)}`);
        }
      }
      for (const child of suite.suites ?? []) walk(child, child.file ?? path);
    };
    for (const suite of report.suites ?? []) walk(suite, suite.file ?? "");
  }
}
// Checks that are not test runners count once each; a test step that failed without a
// failing test in its report (a crash) counts as one failure.
for (const s of steps) {
  if (!s.counted) s.ok ? passed++ : failed++;
}
const reportedFailures = failed;
for (const s of steps) if (s.counted && !s.ok && reportedFailures === 0) failed++;

for (const s of steps) if (!s.ok) console.log(`\n=== ${s.name} failed; its last lines\n${s.tail.map((line) => `  ${line.slice(0, 200)}`).join("\n")}`);
if (failures.length) console.log(`\n=== failed tests\n${failures.map((line) => `- ${line.slice(0, 300)}`).join("\n")}`);
console.log("\n=== summary");
for (const s of steps) console.log(`${s.ok ? "ok  " : "FAIL"} ${s.name} (${s.seconds} s)`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || steps.some((s) => !s.ok) ? 1 : 0);

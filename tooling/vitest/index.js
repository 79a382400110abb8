// Plain JavaScript: vitest loads config dependencies from node_modules without transpiling them.
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";
import ProblemsReporter from "./problems-reporter.js";

// Resolved from the package under test (each one with integration tests depends on @docvault/db),
// so this config package itself depends on none of ours and turbo sees no cycle.
const intGlobalSetup = () => createRequire(join(process.cwd(), "package.json")).resolve("@docvault/db/testing/global-setup");

/**
 * One vitest setup for every package. Unit tests (`*.test.ts`) need no services; integration
 * tests (`*.int.test.ts`) talk to the real PostgreSQL and Redis, in a database and key prefix of
 * their own, one file at a time. With REPORT_DIR set (scripts/test-all.mjs), results also go to a
 * JSON file for the totals line, and what failed outside any test to another (problems-reporter.js). `parallelFiles` runs a package's integration files side by side:
 * only for files that make every service of their own (a database, a storage directory, ports),
 * so they share nothing but the machine. Unit files always run side by side, one per core.
 * VITEST_REPORT_NAME names the JSON report when one package's files are split over several runs
 * (scripts/test-all.mjs does for the worker's integration tests).
 *
 * @param {{ name: string, kind: "unit" | "int", alias?: Record<string, string>, parallelFiles?: number }} opts
 */
export function vitestConfig(opts) {
  const reportDir = process.env.REPORT_DIR;
  /** @type {any[]} */
  const reporters = ["default"];
  const reportName = process.env.VITEST_REPORT_NAME ?? `${opts.name}-${opts.kind}`;
  if (reportDir) {
    reporters.push(["json", { outputFile: join(reportDir, `vitest-${reportName}.json`) }]);
    reporters.push(new ProblemsReporter(join(reportDir, `problems-${reportName}.json`)));
  }
  const unit = opts.kind === "unit";
  return defineConfig({
    resolve: { alias: opts.alias ?? {} },
    test: {
      // testing/: a package's test tooling (fixtures, fake servers, fuzzing) kept out of its src, with its own tests.
      include: unit ? ["src/**/*.test.ts", "testing/**/*.test.ts"] : ["src/**/*.int.test.ts", "int/**/*.int.test.ts"],
      exclude: unit ? ["**/*.int.test.ts", "**/node_modules/**"] : ["**/node_modules/**"],
      testTimeout: unit ? 60_000 : 120_000,
      hookTimeout: 180_000,
      fileParallelism: unit || Boolean(opts.parallelFiles),
      // vitest's default leaves a core free, which on two cores runs the unit files one by one.
      ...(unit ? { maxWorkers: availableParallelism() } : opts.parallelFiles ? { maxWorkers: opts.parallelFiles } : {}),
      globalSetup: unit ? [] : [intGlobalSetup()],
      reporters,
    },
  });
}

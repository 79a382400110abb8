// A vitest reporter for what fails a run without failing a test: errors thrown outside any test
// (an unhandled rejection, a worker that timed out talking to vitest) and errors of a test file's
// own (a beforeAll/afterAll hook that threw or timed out while its tests passed). vitest's JSON
// report leaves both out, so a run could exit 1 with every test passed and nothing to say why;
// scripts/test-all.mjs lists and counts what this writes.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** @param {{ message?: string, name?: string, stack?: string }} error */
const describe = (error) => ({
  message: `${error.name ? `${error.name}: ` : ""}${error.message ?? String(error)}`,
  stack: error.stack?.split("\n").slice(0, 8).join("\n"),
});

export default class ProblemsReporter {
  /** @param {string} outputFile */
  constructor(outputFile) {
    this.outputFile = outputFile;
  }

  /**
   * @param {ReadonlyArray<import("vitest/node").TestModule>} testModules
   * @param {ReadonlyArray<{ message?: string, name?: string, stack?: string }>} unhandledErrors
   */
  onTestRunEnd(testModules, unhandledErrors) {
    const modules = [];
    for (const module of testModules) {
      const errors = module.errors();
      // A file that failed to load has no test and is counted from the JSON report already.
      const tests = [...module.children.allTests()];
      if (errors.length === 0 || tests.length === 0 || tests.some((test) => test.result().state === "failed")) continue;
      modules.push({ file: module.moduleId, errors: errors.map(describe) });
    }
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, JSON.stringify({ unhandled: unhandledErrors.map(describe), modules }, null, 2));
  }
}

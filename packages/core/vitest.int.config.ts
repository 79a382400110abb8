import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Core's integration tests need no PostgreSQL or Redis (core does not depend on @docvault/db), so
// they use vitest's own config rather than @docvault/vitest-config's "int" kind and its globalSetup.
const reportDir = process.env.REPORT_DIR;

export default defineConfig({
  test: {
    include: ["src/**/*.int.test.ts"],
    exclude: ["**/node_modules/**"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    reporters: reportDir ? ["default", ["json", { outputFile: join(reportDir, "vitest-core-int.json") }]] : ["default"],
  },
});

import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Lints one probe file written into a package's src (where its tsconfig finds it), then removes it. */
function lintProbe(packageDir: string, source: string): { status: number | null; output: string } {
  const file = join(root, packageDir, "src", `boundary-probe-${process.pid}.ts`);
  writeFileSync(file, source);
  try {
    const run = spawnSync("pnpm", ["exec", "eslint", "--no-warn-ignored", file], { cwd: join(root, packageDir), encoding: "utf8" });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(file, { force: true });
  }
}

describe("the package boundaries of ARCHITECTURE.md, as lint rules", () => {
  it("fail lint when packages/core imports the database package", () => {
    const { status, output } = lintProbe("packages/core", 'import { createDb } from "@docvault/db";\nexport const probe = createDb;\n');
    expect(status).toBe(1);
    expect(output).toContain("no-restricted-imports");
    expect(output).toContain("packages/core uses no other package of ours");
  });

  it("fail lint when the worker imports the web app, and let it import the packages", () => {
    const forbidden = lintProbe("apps/worker", 'import { env } from "@docvault/web/env";\nexport const probe = env;\n');
    expect(forbidden.status).toBe(1);
    expect(forbidden.output).toContain("The worker never imports the web app");
    const allowed = lintProbe("apps/worker", 'import { PIPELINE_VERSION } from "@docvault/core";\nexport const probe = PIPELINE_VERSION;\n');
    expect(allowed.output).not.toContain("no-restricted-imports");
    expect(allowed.status).toBe(0);
  });
});

import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The monorepo root (the folder with pnpm-workspace.yaml) above `from`, or `from` itself. */
export function findWorkspaceRoot(from: string): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

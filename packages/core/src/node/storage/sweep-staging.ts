import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { removeFile } from "./remove-file";

/**
 * Removes staging files older than maxAgeMs from dir: what a process killed mid-upload leaves
 * behind (a normal upload removes its own). Files younger than that may belong to an upload in
 * flight, so they stay. Returns how many were removed; a missing dir counts as empty.
 */
export async function sweepStagingDir(dir: string, maxAgeMs: number, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    // Gone meanwhile (committed or discarded by its upload): nothing to do.
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || now - info.mtimeMs < maxAgeMs) continue;
    await removeFile(path);
    removed += 1;
  }
  return removed;
}

import { unlink } from "node:fs/promises";

const isCode = (error: unknown, code: string) => error instanceof Error && "code" in error && error.code === code;

/**
 * Removes one file; one already gone is fine. (Not fs.rm: when a directory refuses the unlink with
 * EPERM, rm retries the path as a directory and reports a misleading ENOTDIR instead.)
 */
export async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isCode(error, "ENOENT")) throw error;
  }
}

/** After a failed removal: tries again after each of these, then leaves the file to the staging sweep. */
const RETRY_MS = [1_000, 5_000, 15_000, 60_000];

function removeLater(path: string, attempt: number): void {
  const delay = RETRY_MS[attempt];
  if (delay === undefined) return;
  setTimeout(() => void removeFile(path).catch(() => removeLater(path, attempt + 1)), delay).unref();
}

/**
 * Drops a staging copy that is no longer wanted. It never throws: it runs on the way out of a
 * failure (storage refusing writes is often why), which must reach the caller as it was. When the
 * directory refuses now, removal is tried again in the background; sweepStagingDir removes what
 * is still left after that.
 */
export async function discardStagingFile(path: string): Promise<void> {
  await removeFile(path).catch(() => removeLater(path, 0));
}

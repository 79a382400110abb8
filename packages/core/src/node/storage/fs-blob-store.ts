import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, stat } from "node:fs/promises";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { AppError } from "../../errors/app-error";
import type { TBlobStore, TPutResult, TPutStreamOptions, TStagedBlob, TStagingBlobStore } from "./blob-store";
import { assertContentKey, contentKeyFor, putContentAddressed } from "./content-address";
import { discardStagingFile, removeFile } from "./remove-file";
import { sweepStagingDir } from "./sweep-staging";

/** Documents are their owner's: files 0600, directories 0700 (only the server's OS user reads them). */
const PRIVATE_FILE = 0o600;
const PRIVATE_DIR = 0o700;

function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

function readError(key: string, cause: unknown): AppError {
  if (isNotFound(cause)) return new AppError("NOT_FOUND", `No stored file under ${key}.`, { cause });
  return new AppError("STORAGE_FAILED", `The stored file ${key} could not be read from disk.`, { cause });
}

/**
 * Runs `step`, and when it fails because `path`'s directory does not exist yet, creates the
 * directory and runs it once more: the directory is made when missing, not asked for on every
 * upload (two mkdir calls an upload were a visible share of the web process's CPU).
 */
async function inDirectoryOf<T>(path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR });
    return step();
  }
}

/**
 * Writes a stream to a new file; on any failure the file is removed. `flush` (default true) syncs
 * it to disk before returning; staging leaves that to the commit, so a file that turns out to be
 * known already (a dedup hit, discarded) never costs an fsync.
 */
export async function writeStreamToFile(path: string, body: AsyncIterable<Uint8Array>, opts: { flush?: boolean } = {}): Promise<void> {
  // Opened before the first byte is read, so a missing directory is made and the body is still whole.
  const handle = await inDirectoryOf(path, () => open(path, "wx", PRIVATE_FILE));
  const out = handle.createWriteStream({ flush: opts.flush ?? true });
  try {
    for await (const chunk of body) {
      if (!out.write(chunk)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
  } catch (error) {
    // Wait for the stream to close: an open still in flight would otherwise create the file after rm.
    if (!out.closed) {
      const closed = once(out, "close");
      out.destroy();
      await closed.catch(() => undefined);
    }
    await discardStagingFile(path);
    throw error;
  }
}

/**
 * Content-addressed files on the local disk: `<root>/sha256/ab/cd/<hash>`. Bytes are written to a
 * temporary file under `<root>/tmp` while hashed, flushed, then renamed into place (atomic on one
 * filesystem), so a reader never sees half a file and the same bytes are stored once.
 */
export class FsBlobStore implements TBlobStore, TStagingBlobStore {
  constructor(private readonly root: string) {}

  static keyFor(sha256: string): string {
    return contentKeyFor(sha256);
  }

  private pathOf(key: string): string {
    return join(this.root, assertContentKey(key));
  }

  async stage(body: AsyncIterable<Uint8Array>): Promise<TStagedBlob> {
    const tmpPath = join(this.root, "tmp", randomUUID());
    await writeStreamToFile(tmpPath, body, { flush: false });
    return {
      commit: async (key) => {
        const finalPath = this.pathOf(key);
        try {
          // On disk before it is renamed into place: a crash never leaves a named, empty file.
          const handle = await open(tmpPath, "r");
          try {
            await handle.datasync();
          } finally {
            await handle.close();
          }
          await inDirectoryOf(finalPath, () => rename(tmpPath, finalPath));
        } catch (error) {
          // Storage's own error goes to the caller (EPERM, ENOSPC, EROFS: 503 and a retry).
          await discardStagingFile(tmpPath);
          throw error;
        }
      },
      discard: () => discardStagingFile(tmpPath),
    };
  }

  sweepStaging(maxAgeMs: number): Promise<number> {
    return sweepStagingDir(join(this.root, "tmp"), maxAgeMs);
  }

  putStream(body: AsyncIterable<Uint8Array>, opts: TPutStreamOptions): Promise<TPutResult> {
    return putContentAddressed((bytes) => this.stage(bytes), body, opts);
  }

  async get(key: string): Promise<Buffer> {
    const path = this.pathOf(key);
    try {
      return await readFile(path);
    } catch (error) {
      throw readError(key, error);
    }
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array>> {
    const path = this.pathOf(key);
    try {
      const handle = await open(path, "r");
      return handle.createReadStream();
    } catch (error) {
      throw readError(key, error);
    }
  }

  async delete(key: string): Promise<void> {
    await removeFile(this.pathOf(key));
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }
}

import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { once } from "node:events";
import { AppError } from "../../errors/app-error";
import type { TBlobStore, TPutStreamOptions } from "./blob-store";

const HEAD_BYTES = 64;

/**
 * Content-addressed files on the local disk: `<root>/sha256/ab/cd/<hash>`. Bytes are written to a
 * temporary file while hashed, then renamed into place (atomic on one filesystem), so a reader
 * never sees half a file and the same bytes are stored once.
 */
export class FsBlobStore implements TBlobStore {
  constructor(private readonly root: string) {}

  static keyFor(sha256: string): string {
    return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  private pathOf(key: string): string {
    if (!/^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key)) {
      throw new AppError("BAD_REQUEST", `Not a storage key: ${key}`);
    }
    return join(this.root, key);
  }

  async putStream(body: AsyncIterable<Uint8Array>, opts: TPutStreamOptions) {
    const tmpDir = join(this.root, "tmp");
    await mkdir(tmpDir, { recursive: true });
    const tmpPath = join(tmpDir, randomUUID());
    const out = createWriteStream(tmpPath, { flags: "wx" });
    const hash = createHash("sha256");
    const head = new Uint8Array(HEAD_BYTES);
    let size = 0;
    try {
      for await (const chunk of body) {
        if (size < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - size), size);
        size += chunk.byteLength;
        if (size > opts.maxBytes) {
          throw new AppError(
            "FILE_TOO_LARGE",
            `The file is over the ${Math.round(opts.maxBytes / (1024 * 1024))} MB limit. Split the PDF or send a smaller photo.`,
          );
        }
        hash.update(chunk);
        if (!out.write(chunk)) await once(out, "drain");
      }
      out.end();
      await once(out, "finish");
      opts.check?.(head.subarray(0, Math.min(size, HEAD_BYTES)), size);
    } catch (error) {
      out.destroy();
      await rm(tmpPath, { force: true });
      throw error;
    }
    const sha256 = hash.digest("hex");
    const key = FsBlobStore.keyFor(sha256);
    const finalPath = this.pathOf(key);
    await mkdir(dirname(finalPath), { recursive: true });
    await rename(tmpPath, finalPath);
    return { key, sha256, size, head: head.subarray(0, Math.min(size, HEAD_BYTES)) };
  }

  async get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }
}

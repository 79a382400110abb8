// What every blob store promises whatever it keeps the bytes in, run by each store's own suite.
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../src/errors/app-error";
import type { TBlobStore } from "../src/node/storage/blob-store";
import { chunks } from "./bytes";

/** Every file below dir (none when dir does not exist). */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The contract, against `make(root)` over a fresh directory for each test. */
export function blobStoreContract(name: string, make: (root: string) => TBlobStore): void {
  describe(`${name}: what every blob store promises`, () => {
    let root: string;
    let store: TBlobStore;
    beforeEach(async () => {
      root = await mkdtemp(join(tmpdir(), "dv-blob-contract-"));
      store = make(root);
    });
    afterEach(() => rm(root, { recursive: true, force: true }));

    it("stops an oversized stream and keeps nothing of it", async () => {
      const attempt = store.putStream(chunks(randomBytes(600), randomBytes(600)), { maxBytes: 1000 });
      await expect(attempt).rejects.toMatchObject({ code: "FILE_TOO_LARGE" });
      expect(await filesUnder(root)).toEqual([]);
    });

    it("discards the bytes when the check refuses them", async () => {
      const attempt = store.putStream(chunks(new TextEncoder().encode("not an image")), {
        maxBytes: 1000,
        check: () => {
          throw new AppError("UNSUPPORTED_TYPE", "nope");
        },
      });
      await expect(attempt).rejects.toMatchObject({ code: "UNSUPPORTED_TYPE" });
      expect(await filesUnder(root)).toEqual([]);
    });

    it("deletes idempotently, and answers NOT_FOUND for what it deleted", async () => {
      const put = await store.putStream(chunks(randomBytes(10)), { maxBytes: 100 });
      await store.delete(put.key);
      await store.delete(put.key);
      expect(await store.exists(put.key)).toBe(false);
      await expect(store.get(put.key)).rejects.toMatchObject({ code: "NOT_FOUND" });
    });
  });
}

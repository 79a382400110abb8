// Storage that stops taking writes mid-upload (a disk gone read-only, a full or locked volume):
// the error that reaches the caller is storage's own, so the API answers 503 and the client sends
// again, and the staging copy is removed once storage takes writes again.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FsBlobStore } from "./fs-blob-store";

async function* once(bytes: Uint8Array) {
  yield bytes;
}

/** As root, permissions do not stop writes: the immutable flag does (as in the fault suite). */
function lock(dir: string, locked: boolean): void {
  const root = process.getuid?.() === 0;
  const run = root ? spawnSync("chattr", [locked ? "+i" : "-i", dir]) : spawnSync("chmod", [locked ? "500" : "700", dir]);
  if (run.status !== 0) throw new Error(`could not ${locked ? "lock" : "unlock"} ${dir}: ${run.stderr.toString()}`);
}

describe("FsBlobStore when storage refuses", () => {
  let root: string;
  let staging: string;
  let store: FsBlobStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "dv-refused-"));
    staging = join(root, "tmp");
    store = new FsBlobStore(root);
  });
  afterEach(async () => {
    lock(staging, false);
    await rm(root, { recursive: true, force: true });
  });

  it("a commit refused by the disk fails with the disk's error (not a misleading ENOTDIR), and its staging copy goes later", async () => {
    const bytes = new TextEncoder().encode("staged before the disk stopped taking writes");
    const staged = await store.stage(once(bytes));
    expect(await readdir(staging)).toHaveLength(1);
    lock(staging, true);
    const error = await staged.commit(FsBlobStore.keyFor(createHash("sha256").update(bytes).digest("hex"))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: expect.stringMatching(/^(EPERM|EACCES)$/) });
    // Still locked: the copy cannot go yet, and nothing threw while trying.
    expect(await readdir(staging)).toHaveLength(1);
    lock(staging, false);
    await expect.poll(() => readdir(staging), { timeout: 10_000, interval: 200 }).toEqual([]);
  });

  it("discarding in a locked directory never throws, and the copy goes once it is unlocked", async () => {
    const staged = await store.stage(once(new TextEncoder().encode("a dedup hit, discarded")));
    lock(staging, true);
    await expect(staged.discard()).resolves.toBeUndefined();
    expect(await readdir(staging)).toHaveLength(1);
    lock(staging, false);
    await expect.poll(() => readdir(staging), { timeout: 10_000, interval: 200 }).toEqual([]);
  });
});

// Staging files a crash left behind (staged, never committed nor discarded) are swept once older
// than the configured age; younger ones may belong to an upload in flight and stay.
import { mkdtemp, readdir, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FsBlobStore } from "./fs-blob-store";
import { S3BlobStore } from "./s3-blob-store";
import { EncryptingBlobStore } from "./encrypting-blob-store";
import type { TStagingBlobStore } from "./blob-store";

async function* once(bytes: Uint8Array) {
  yield bytes;
}
const HOUR = 3_600_000;
const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), "dv-sweep-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

// What a process killed mid-upload leaves: a staged file, never committed nor discarded.
async function crashMidUpload(store: TStagingBlobStore, stagingDir: string, ageMs: number) {
  const before = new Set(await readdir(stagingDir).catch(() => []));
  await store.stage(once(new TextEncoder().encode(`half an upload ${Math.random()}`)));
  const left = (await readdir(stagingDir)).filter((n) => !before.has(n));
  expect(left).toHaveLength(1);
  const when = new Date(Date.now() - ageMs);
  await utimes(join(stagingDir, left[0] ?? ""), when, when);
  return left[0];
}

describe.each([
  {
    name: "FsBlobStore",
    make: async () => {
      const root = await tempDir();
      return { store: new FsBlobStore(root), stagingDir: join(root, "tmp") };
    },
  },
  {
    name: "S3BlobStore",
    make: async () => {
      const stagingDir = await tempDir();
      // Staging is local: no request reaches the (absent) endpoint.
      return { store: new S3BlobStore({ bucket: "docs", region: "us-east-1", endpoint: "http://127.0.0.1:1", stagingDir }), stagingDir };
    },
  },
  {
    name: "EncryptingBlobStore over FsBlobStore",
    make: async () => {
      const root = await tempDir();
      return { store: new EncryptingBlobStore(new FsBlobStore(root), Buffer.alloc(32, 7)), stagingDir: join(root, "tmp") };
    },
  },
])("$name sweeps its staging files", ({ make }) => {
  it("removes files left by a crash once older than the age, keeps younger ones and stored files", async () => {
    const { store, stagingDir } = await make();
    const stale = await crashMidUpload(store, stagingDir, 2 * HOUR);
    const fresh = await crashMidUpload(store, stagingDir, 60_000);
    expect(await store.sweepStaging(HOUR)).toBe(1);
    const left = await readdir(stagingDir);
    expect(left).not.toContain(stale);
    expect(left).toContain(fresh);
    // A second sweep finds nothing more to do.
    expect(await store.sweepStaging(HOUR)).toBe(0);
  });
});

it("keeps stored files and counts a missing staging dir as empty", async () => {
  const root = await tempDir();
  const store = new FsBlobStore(root);
  expect(await store.sweepStaging(0)).toBe(0);
  const stored = await store.putStream(once(new TextEncoder().encode("kept")), { maxBytes: 100 });
  expect(await store.sweepStaging(0)).toBe(0);
  expect((await store.get(stored.key)).toString()).toBe("kept");
});

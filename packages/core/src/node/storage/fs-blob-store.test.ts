import { createHash } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { blobStoreContract, filesUnder } from "../../../testing/blob-store-contract";
import { chunks } from "../../../testing/bytes";
import { FsBlobStore } from "./fs-blob-store";

blobStoreContract("FsBlobStore", (root) => new FsBlobStore(root));

describe("FsBlobStore", () => {
  let root: string;
  let store: FsBlobStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "dv-blob-"));
    store = new FsBlobStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("stores streamed bytes under their SHA-256 and reads them back", async () => {
    const a = new Uint8Array(300_000).fill(7);
    const b = new TextEncoder().encode("tail");
    const expected = createHash("sha256").update(a).update(b).digest("hex");
    const put = await store.putStream(chunks(a, b), { maxBytes: 1_000_000 });
    expect(put.sha256).toBe(expected);
    expect(put.size).toBe(300_004);
    expect(put.key).toBe(`sha256/${expected.slice(0, 2)}/${expected.slice(2, 4)}/${expected}`);
    expect(put.head).toEqual(a.subarray(0, 64));
    const back = await store.get(put.key);
    expect(createHash("sha256").update(back).digest("hex")).toBe(expected);
    expect(await store.exists(put.key)).toBe(true);
  });

  // Security table row #37 (apps/web/src/server/security.int.test.ts).
  it("#37 keeps files 0600 and the directories it makes 0700, whatever the umask allows", async () => {
    const store2 = new FsBlobStore(join(root, "files"));
    const put = await store2.putStream(chunks(new TextEncoder().encode("private bytes")), { maxBytes: 1_000 });
    const modes: Record<string, number> = {};
    let path = join(root, "files");
    modes.files = (await stat(path)).mode & 0o777;
    const parts = put.key.split("/");
    for (const [i, part] of parts.entries()) {
      path = join(path, part);
      modes[i === parts.length - 1 ? "file" : part] = (await stat(path)).mode & 0o777;
    }
    modes.tmp = (await stat(join(root, "files", "tmp"))).mode & 0o777;
    const [, ab = "", cd = ""] = put.key.split("/");
    expect(modes).toEqual({ files: 0o700, sha256: 0o700, [ab]: 0o700, [cd]: 0o700, file: 0o600, tmp: 0o700 });
  });

  it("makes its directories again when they were removed while it ran (staging and shard directories made on demand)", async () => {
    const first = await store.putStream(chunks(new TextEncoder().encode("first")), { maxBytes: 1_000 });
    // An operator clears the staging directory and the first file's shard while the server runs.
    await rm(join(root, "tmp"), { recursive: true, force: true });
    await rm(join(root, "sha256"), { recursive: true, force: true });
    const again = await store.putStream(chunks(new TextEncoder().encode("first")), { maxBytes: 1_000 });
    expect(again.key).toBe(first.key);
    expect(new TextDecoder().decode(await store.get(again.key))).toBe("first");
    expect((await stat(join(root, "tmp"))).mode & 0o777).toBe(0o700);
    expect((await stat(join(root, again.key))).mode & 0o777).toBe(0o600);
  });

  it("keeps one file for the same bytes stored twice", async () => {
    const data = new TextEncoder().encode("same bytes");
    const first = await store.putStream(chunks(data), { maxBytes: 100 });
    const second = await store.putStream(chunks(data), { maxBytes: 100 });
    expect(second.key).toBe(first.key);
    expect(await filesUnder(join(root, "sha256"))).toHaveLength(1);
  });

  it("refuses keys that are not content addresses (no path traversal)", async () => {
    await expect(store.get("../../etc/passwd")).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("streams a stored file back and leaves no staging file behind", async () => {
    const data = new Uint8Array(200_000).map((_, i) => i % 251);
    const put = await store.putStream(chunks(data), { maxBytes: 1_000_000 });
    const parts: Uint8Array[] = [];
    for await (const part of await store.getStream(put.key)) parts.push(part);
    expect(Buffer.concat(parts).equals(Buffer.from(data))).toBe(true);
    expect(await filesUnder(join(root, "tmp"))).toEqual([]);
  });

  it("answers NOT_FOUND for a key that holds nothing, on get and getStream", async () => {
    const key = FsBlobStore.keyFor("a".repeat(64));
    await expect(store.get(key)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(store.getStream(key)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await store.exists(key)).toBe(false);
  });
});

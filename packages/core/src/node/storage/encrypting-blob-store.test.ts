import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../errors/app-error";
import { blobStoreContract, filesUnder } from "../../../testing/blob-store-contract";
import { chunks } from "../../../testing/bytes";
import { EncryptingBlobStore } from "./encrypting-blob-store";
import { FsBlobStore } from "./fs-blob-store";

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const FRAME = 1024;
const HEADER = 33;
const RECORD = FRAME + 16;

blobStoreContract("EncryptingBlobStore over the filesystem", (root) => new EncryptingBlobStore(new FsBlobStore(root), randomBytes(32), FRAME));

describe("EncryptingBlobStore over the filesystem", () => {
  let root: string;
  let key: Buffer;
  let store: EncryptingBlobStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "dv-enc-"));
    key = randomBytes(32);
    store = new EncryptingBlobStore(new FsBlobStore(root), key, FRAME);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const pathOf = (storageKey: string) => join(root, storageKey);

  it.each([
    ["empty", 0],
    ["one byte", 1],
    ["exactly one frame", FRAME],
    ["exactly three frames", 3 * FRAME],
    ["several frames and a tail", 5 * FRAME + 17],
  ])("round-trips %s under the plaintext's SHA-256, with nothing readable on disk", async (_, length) => {
    const plain = randomBytes(length);
    const put = await store.putStream(chunks(plain.subarray(0, 700), plain.subarray(700)), { maxBytes: 1_000_000 });
    expect(put.sha256).toBe(sha(plain));
    expect(put.size).toBe(length);
    expect(Buffer.from(put.head).equals(plain.subarray(0, 64))).toBe(true);
    const stored = await readFile(pathOf(put.key));
    expect(stored.length).toBe(HEADER + Math.max(1, Math.ceil(length / FRAME)) * 16 + length);
    if (length >= 32) expect(stored.includes(plain.subarray(0, 32))).toBe(false);
    expect((await store.get(put.key)).equals(plain)).toBe(true);
    const parts: Uint8Array[] = [];
    for await (const part of await store.getStream(put.key)) parts.push(part);
    expect(Buffer.concat(parts).equals(plain)).toBe(true);
  });

  it("keeps one file for the same bytes stored twice (fresh salt, same address)", async () => {
    const plain = randomBytes(5000);
    const first = await store.putStream(chunks(plain), { maxBytes: 10_000 });
    const second = await store.putStream(chunks(plain), { maxBytes: 10_000 });
    expect(second.key).toBe(first.key);
    expect(await filesUnder(join(root, "sha256"))).toHaveLength(1);
    expect((await store.get(first.key)).equals(plain)).toBe(true);
  });

  it("refuses a file altered by one bit, naming the damage", async () => {
    const put = await store.putStream(chunks(randomBytes(3 * FRAME)), { maxBytes: 10_000 });
    const stored = await readFile(pathOf(put.key));
    stored[HEADER + RECORD + 10] = (stored[HEADER + RECORD + 10] ?? 0) ^ 1;
    await writeFile(pathOf(put.key), stored);
    const error = await store.get(put.key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "HASH_MISMATCH", retryable: false });
    expect((error as AppError).message).toMatch(/altered or damaged/);
  });

  it("refuses a file cut at a frame boundary or with frames swapped", async () => {
    const put = await store.putStream(chunks(randomBytes(3 * FRAME + 5)), { maxBytes: 10_000 });
    const stored = await readFile(pathOf(put.key));
    await writeFile(pathOf(put.key), stored.subarray(0, HEADER + 2 * RECORD));
    await expect(store.get(put.key)).rejects.toMatchObject({ code: "HASH_MISMATCH" });
    const swapped = Buffer.concat([
      stored.subarray(0, HEADER),
      stored.subarray(HEADER + RECORD, HEADER + 2 * RECORD),
      stored.subarray(HEADER, HEADER + RECORD),
      stored.subarray(HEADER + 2 * RECORD),
    ]);
    await writeFile(pathOf(put.key), swapped);
    await expect(store.get(put.key)).rejects.toMatchObject({ code: "HASH_MISMATCH" });
  });

  it("refuses another file's bytes moved under this key", async () => {
    const a = await store.putStream(chunks(randomBytes(100)), { maxBytes: 1000 });
    const b = await store.putStream(chunks(randomBytes(100)), { maxBytes: 1000 });
    await writeFile(pathOf(a.key), await readFile(pathOf(b.key)));
    await expect(store.get(a.key)).rejects.toThrow(/swapped or altered/);
  });

  it("tells a wrong key apart from damage", async () => {
    const put = await store.putStream(chunks(randomBytes(100)), { maxBytes: 1000 });
    const other = new EncryptingBlobStore(new FsBlobStore(root), randomBytes(32), FRAME);
    await expect(other.get(put.key)).rejects.toMatchObject({ code: "HASH_MISMATCH" });
    await expect(other.get(put.key)).rejects.toThrow(/encrypted with another key/);
  });

  it("says so when it meets a file stored without encryption", async () => {
    const plainStore = new FsBlobStore(root);
    const put = await plainStore.putStream(chunks(new TextEncoder().encode("%PDF-1.7 plain")), { maxBytes: 1000 });
    await expect(store.get(put.key)).rejects.toThrow(/is not encrypted/);
  });

  it("round-trips a 20 MB file with the default frame size", async () => {
    const big = new EncryptingBlobStore(new FsBlobStore(root), key);
    const plain = randomBytes(20 * 1024 * 1024);
    const parts = Array.from({ length: 320 }, (_, i) => plain.subarray(i * 65_536, (i + 1) * 65_536));
    const put = await big.putStream(chunks(...parts), { maxBytes: 50 * 1024 * 1024 });
    expect(put.sha256).toBe(sha(plain));
    expect((await big.get(put.key)).equals(plain)).toBe(true);
  });
});

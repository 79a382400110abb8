import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../errors/app-error";
import { createBlobStore } from "./create-blob-store";
import { S3BlobStore, type TS3BlobStoreConfig } from "./s3-blob-store";
import { startS3TestServer, type TS3TestServer } from "./s3-test-server";
import { chunks } from "../../../testing/bytes";

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("S3BlobStore against an S3-protocol server on loopback (s3rver)", () => {
  let server: TS3TestServer;
  let raw: S3Client;
  let stagingDir: string;
  let config: TS3BlobStoreConfig;

  beforeAll(async () => {
    server = await startS3TestServer();
    raw = new S3Client({
      region: "us-east-1",
      endpoint: server.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
  });
  afterAll(async () => {
    raw.destroy();
    await server.stop();
  });
  beforeEach(async () => {
    stagingDir = await mkdtemp(join(tmpdir(), "dv-s3-staging-"));
    config = {
      bucket: server.bucket,
      region: "us-east-1",
      endpoint: server.endpoint,
      forcePathStyle: true,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      prefix: `run-${randomBytes(4).toString("hex")}/`,
      stagingDir,
    };
  });
  afterEach(() => rm(stagingDir, { recursive: true, force: true }));

  async function objectKeys(prefix: string): Promise<string[]> {
    const out = await raw.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix }));
    return (out.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key]));
  }

  it("stores under the content address, reads back whole and streamed, deletes idempotently", async () => {
    const store = new S3BlobStore(config);
    await store.checkReachable();
    const plain = randomBytes(300_000);
    const put = await store.putStream(chunks(plain.subarray(0, 1000), plain.subarray(1000)), { maxBytes: 1_000_000 });
    const hash = sha(plain);
    expect(put).toMatchObject({ sha256: hash, size: 300_000, key: `sha256/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}` });
    expect(await objectKeys(config.prefix ?? "")).toEqual([`${config.prefix}${put.key}`]);
    expect(await store.exists(put.key)).toBe(true);
    expect((await store.get(put.key)).equals(plain)).toBe(true);
    expect((await collect(await store.getStream(put.key))).equals(plain)).toBe(true);
    expect(await readdir(stagingDir)).toEqual([]);

    await store.delete(put.key);
    await store.delete(put.key);
    expect(await store.exists(put.key)).toBe(false);
    await expect(store.get(put.key)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(store.getStream(put.key)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("stops an oversized stream: no object in the bucket, no staging file", async () => {
    const store = new S3BlobStore(config);
    const attempt = store.putStream(chunks(randomBytes(600), randomBytes(600)), { maxBytes: 1000 });
    await expect(attempt).rejects.toMatchObject({ code: "FILE_TOO_LARGE" });
    expect(await objectKeys(config.prefix ?? "")).toEqual([]);
    expect(await readdir(stagingDir)).toEqual([]);
  });

  it("sends nothing when the check refuses the bytes", async () => {
    const store = new S3BlobStore(config);
    const attempt = store.putStream(chunks(new TextEncoder().encode("not an image")), {
      maxBytes: 1000,
      check: () => {
        throw new AppError("UNSUPPORTED_TYPE", "nope");
      },
    });
    await expect(attempt).rejects.toMatchObject({ code: "UNSUPPORTED_TYPE" });
    expect(await objectKeys(config.prefix ?? "")).toEqual([]);
    expect(await readdir(stagingDir)).toEqual([]);
  });

  it("keeps one object for concurrent puts of the same bytes", async () => {
    const store = new S3BlobStore(config);
    const plain = randomBytes(200_000);
    const puts = await Promise.all(Array.from({ length: 5 }, () => store.putStream(chunks(plain), { maxBytes: 1_000_000 })));
    expect(new Set(puts.map((p) => p.key)).size).toBe(1);
    expect(await objectKeys(config.prefix ?? "")).toHaveLength(1);
    const key = puts[0]?.key ?? "";
    expect((await store.get(key)).equals(plain)).toBe(true);
  });

  it("round-trips a 20 MB file", async () => {
    const store = new S3BlobStore(config);
    const plain = randomBytes(20 * 1024 * 1024);
    const parts = Array.from({ length: 320 }, (_, i) => plain.subarray(i * 65_536, (i + 1) * 65_536));
    const put = await store.putStream(chunks(...parts), { maxBytes: 50 * 1024 * 1024 });
    expect(put.sha256).toBe(sha(plain));
    expect(sha(await collect(await store.getStream(put.key)))).toBe(put.sha256);
  });

  it("encrypts at rest over S3 and refuses a tampered object", async () => {
    const encryptionKey = randomBytes(32).toString("base64");
    const store = createBlobStore({ driver: "s3", ...config, encryptionKey });
    const plain = Buffer.from("%PDF-1.7 a private document ".repeat(5000));
    const put = await store.putStream(chunks(plain), { maxBytes: 1_000_000 });
    expect(put.sha256).toBe(sha(plain));
    expect((await store.get(put.key)).equals(plain)).toBe(true);

    const objectKey = `${config.prefix}${put.key}`;
    const stored = await raw.send(new GetObjectCommand({ Bucket: server.bucket, Key: objectKey }));
    const sealed = Buffer.from((await stored.Body?.transformToByteArray()) ?? []);
    expect(sealed.includes(Buffer.from("a private document"))).toBe(false);

    sealed[sealed.length - 100] = (sealed[sealed.length - 100] ?? 0) ^ 0x80;
    await raw.send(new PutObjectCommand({ Bucket: server.bucket, Key: objectKey, Body: sealed }));
    await expect(store.get(put.key)).rejects.toMatchObject({ code: "HASH_MISMATCH" });

    const wrongKey = createBlobStore({ driver: "s3", ...config, encryptionKey: randomBytes(32).toString("hex") });
    await expect(wrongKey.get(put.key)).rejects.toThrow(/encrypted with another key/);
  });

  it("reports a missing bucket and an unreachable server as STORAGE_FAILED (retryable)", async () => {
    const noBucket = new S3BlobStore({ ...config, bucket: "no-such-bucket" });
    const missing = await noBucket.putStream(chunks(randomBytes(10)), { maxBytes: 100 }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: "STORAGE_FAILED", retryable: true });
    expect(String(missing)).toMatch(/bucket "no-such-bucket" does not exist/);
    expect(await readdir(stagingDir)).toEqual([]);

    const closed = new S3BlobStore({ ...config, endpoint: "http://127.0.0.1:1", maxAttempts: 1 });
    await expect(closed.exists(`sha256/aa/aa/${"a".repeat(64)}`)).rejects.toMatchObject({ code: "STORAGE_FAILED" });
    await expect(closed.checkReachable()).rejects.toThrow(/check S3_ENDPOINT/);
  });

  // s3rver checks the access key id but not SigV4 signatures, so a wrong id stands in for wrong credentials.
  it("refuses wrong credentials with a message that says what to check", async () => {
    const store = new S3BlobStore({ ...config, accessKeyId: "NOT-A-KEY" });
    await expect(store.get(`sha256/aa/aa/${"a".repeat(64)}`)).rejects.toThrow(/check S3_ACCESS_KEY_ID/);
  });
});

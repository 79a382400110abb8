import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createBlobStore, ZBlobStoreConfigSchema } from "./create-blob-store";
import { EncryptingBlobStore } from "./encrypting-blob-store";
import { FsBlobStore } from "./fs-blob-store";
import { S3BlobStore } from "./s3-blob-store";
import { chunks } from "../../../testing/bytes";

describe("createBlobStore", () => {
  it("builds a filesystem store, encrypted when a key is given", async () => {
    const root = await mkdtemp(join(tmpdir(), "dv-factory-"));
    try {
      expect(createBlobStore({ driver: "fs", root })).toBeInstanceOf(FsBlobStore);
      const key = randomBytes(32).toString("base64");
      const store = createBlobStore({ driver: "fs", root, encryptionKey: key });
      expect(store).toBeInstanceOf(EncryptingBlobStore);
      const put = await store.putStream(chunks(new TextEncoder().encode("hello")), { maxBytes: 100 });
      expect((await store.get(put.key)).toString()).toBe("hello");
      expect((await new FsBlobStore(root).get(put.key)).toString()).not.toContain("hello");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("builds an S3 store with defaults for region, path style and prefix", () => {
    const parsed = ZBlobStoreConfigSchema.parse({ driver: "s3", bucket: "docs", endpoint: "http://127.0.0.1:9000" });
    expect(parsed).toMatchObject({ region: "us-east-1", forcePathStyle: false, prefix: "" });
    expect(createBlobStore({ driver: "s3", bucket: "docs" })).toBeInstanceOf(S3BlobStore);
  });

  it("refuses configurations that cannot work, saying why", () => {
    const bad = [
      { driver: "fs", root: "/tmp/x", encryptionKey: "too-short" },
      { driver: "s3", bucket: "docs", accessKeyId: "only-half" },
      { driver: "s3", bucket: "docs", endpoint: "not a url" },
      { driver: "s3", bucket: "docs", prefix: "no-trailing-slash" },
      { driver: "gcs", bucket: "docs" },
    ];
    for (const config of bad) expect(ZBlobStoreConfigSchema.safeParse(config).success).toBe(false);
    const result = ZBlobStoreConfigSchema.safeParse(bad[0]);
    expect(JSON.stringify(result.error?.issues)).toMatch(/32 random bytes/);
  });
});

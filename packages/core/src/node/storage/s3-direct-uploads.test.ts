import { describe, expect, it } from "vitest";
import { createDirectUploads, S3DirectUploads } from "./s3-direct-uploads";

const s3 = { driver: "s3", bucket: "docs", region: "us-east-1", forcePathStyle: true, prefix: "dv/", endpoint: "http://127.0.0.1:9" } as const;

describe("createDirectUploads", () => {
  it("offers direct uploads on S3 only, and not with encryption at rest (the client's plaintext would sit in the bucket)", () => {
    expect(createDirectUploads({ driver: "fs", root: "/tmp/x" })).toBeNull();
    expect(createDirectUploads({ ...s3, encryptionKey: "A".repeat(43) + "=" })).toBeNull();
    expect(createDirectUploads(s3)).toBeInstanceOf(S3DirectUploads);
  });

  it("keeps staging objects under the prefix, apart from the content-addressed keys", () => {
    expect(createDirectUploads(s3)?.stagingKey("owner", "id")).toBe("dv/direct/owner/id");
  });
});

import { describe, expect, it } from "vitest";
import { createDirectUploads, directUploadOrigin, S3DirectUploads } from "./s3-direct-uploads";

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

  it("names the origin the part URLs point at, for the page's CSP: the endpoint path-style, the bucket's host on AWS", async () => {
    expect(await directUploadOrigin({ ...s3, accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" })).toBe("http://127.0.0.1:9");
    const aws = {
      driver: "s3",
      bucket: "docs",
      region: "eu-west-1",
      forcePathStyle: false,
      prefix: "",
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "secret",
    } as const;
    expect(await directUploadOrigin(aws)).toBe("https://docs.s3.eu-west-1.amazonaws.com");
    expect(await directUploadOrigin({ driver: "fs", root: "/tmp/x" })).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { blobStoreConfigFromEnv } from "./blob-store-env";

describe("storage configuration from the environment", () => {
  it("defaults to the filesystem under the given root", () => {
    expect(blobStoreConfigFromEnv({}, "/data/files")).toEqual({ driver: "fs", root: "/data/files" });
  });

  it("maps the S3 variables", () => {
    const config = blobStoreConfigFromEnv(
      { STORAGE_DRIVER: "s3", S3_BUCKET: "docs", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: "true" },
      "/unused",
    );
    expect(config).toMatchObject({ driver: "s3", bucket: "docs", endpoint: "http://127.0.0.1:9000", forcePathStyle: true });
  });

  it("names the variable that is wrong", () => {
    expect(() => blobStoreConfigFromEnv({ STORAGE_DRIVER: "s3" }, "/unused")).toThrow(/S3_BUCKET/);
    expect(() => blobStoreConfigFromEnv({ STORAGE_ENCRYPTION_KEY: "short" }, "/x")).toThrow(/STORAGE_ENCRYPTION_KEY/);
  });
});

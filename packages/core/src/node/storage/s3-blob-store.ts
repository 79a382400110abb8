import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { AppError } from "../../errors/app-error";
import type { TBlobStore, TPutResult, TPutStreamOptions, TStagedBlob, TStagingBlobStore } from "./blob-store";
import { assertContentKey, putContentAddressed } from "./content-address";
import { writeStreamToFile } from "./fs-blob-store";
import { discardStagingFile } from "./remove-file";
import { isTransientS3Error, toStorageError } from "./s3-errors";
import { sweepStagingDir } from "./sweep-staging";

const silentLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export type TS3BlobStoreConfig = {
  bucket: string;
  region: string;
  /** For MinIO, Ceph RGW, R2 and the like, e.g. `http://127.0.0.1:9000`; unset for AWS. */
  endpoint?: string;
  /** `bucket` in the path instead of the host name; most self-hosted servers want true. */
  forcePathStyle?: boolean;
  /** Both or neither; without them the SDK's default chain applies (environment, IAM role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Put every key under this prefix, e.g. `docvault/`. */
  prefix?: string;
  /** Where an upload waits, hashed, before it is sent (at most maxBytes per upload in flight). */
  stagingDir?: string;
  /** Attempts per request on network errors, throttling and 5xx (default 3). */
  maxAttempts?: number;
};

/** The S3 client settings every client of the bucket shares (the store's, the direct uploads'). */
export function s3ClientConfig(config: TS3BlobStoreConfig): S3ClientConfig {
  return {
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle ?? false,
    // Flexible (CRC) checksums and aws-chunked bodies are not understood by every S3-compatible
    // server (older Ceph, R2, MinIO); integrity comes from Content-MD5 on upload instead. Presigned
    // part URLs then carry no checksum parameter either.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(config.accessKeyId && config.secretAccessKey ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } } : {}),
  };
}

/**
 * Content-addressed objects in an S3 bucket: `<prefix>sha256/ab/cd/<hash>`. An upload is streamed to
 * a local staging file while hashed and size-limited, checked, and only then sent with one PutObject
 * (with Content-MD5) to its final key. A PutObject is atomic, so no reader ever sees half an object,
 * and nothing is sent at all for an upload that is refused. Identical bytes land on the same key.
 */
export class S3BlobStore implements TBlobStore, TStagingBlobStore {
  private readonly client: S3Client;
  /** Without SDK retries: a retried PutObject needs a fresh file stream, which commit() opens itself. */
  private readonly putClient: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly stagingDir: string;
  private readonly maxAttempts: number;

  constructor(config: TS3BlobStoreConfig) {
    if (Boolean(config.accessKeyId) !== Boolean(config.secretAccessKey)) {
      throw new AppError("INTERNAL", "Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither.");
    }
    this.bucket = config.bucket;
    this.prefix = config.prefix ?? "";
    this.stagingDir = config.stagingDir ?? join(tmpdir(), "docvault-s3-staging");
    this.maxAttempts = config.maxAttempts ?? 3;
    const base = s3ClientConfig(config);
    this.client = new S3Client({ ...base, maxAttempts: this.maxAttempts });
    // Its failures are rethrown as AppError by upload(); the SDK would also print a console warning.
    this.putClient = new S3Client({ ...base, maxAttempts: 1, logger: silentLogger });
  }

  private objectKey(key: string): string {
    return `${this.prefix}${assertContentKey(key)}`;
  }

  private fail(error: unknown, action: string, key: string): AppError {
    return toStorageError(error, action, key, this.bucket);
  }

  /** Fails with STORAGE_FAILED when the bucket cannot be reached with this configuration. */
  async checkReachable(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw this.fail(error, "reach the bucket", this.bucket);
    }
  }

  sweepStaging(maxAgeMs: number): Promise<number> {
    return sweepStagingDir(this.stagingDir, maxAgeMs);
  }

  async stage(body: AsyncIterable<Uint8Array>): Promise<TStagedBlob> {
    const path = join(this.stagingDir, randomUUID());
    const md5 = createHash("md5");
    async function* hashed(): AsyncGenerator<Uint8Array> {
      for await (const chunk of body) {
        md5.update(chunk);
        yield chunk;
      }
    }
    // A local buffer for the upload to S3, which is what keeps the bytes: no fsync needed.
    await writeStreamToFile(path, hashed(), { flush: false });
    const contentMd5 = md5.digest("base64");
    const discard = () => discardStagingFile(path);
    return {
      commit: async (key) => {
        try {
          await this.upload(path, this.objectKey(key), contentMd5, key);
        } finally {
          await discard();
        }
      },
      discard,
    };
  }

  private async upload(path: string, objectKey: string, contentMd5: string, key: string): Promise<void> {
    const { size } = await stat(path);
    for (let attempt = 1; ; attempt += 1) {
      const body = createReadStream(path);
      try {
        await this.putClient.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: objectKey,
            Body: body,
            ContentLength: size,
            ContentMD5: contentMd5,
            ContentType: "application/octet-stream",
          }),
        );
        return;
      } catch (error) {
        body.destroy();
        if (attempt >= this.maxAttempts || !isTransientS3Error(error)) throw this.fail(error, "store", key);
        await sleep(200 * 2 ** (attempt - 1));
      }
    }
  }

  putStream(body: AsyncIterable<Uint8Array>, opts: TPutStreamOptions): Promise<TPutResult> {
    return putContentAddressed((bytes) => this.stage(bytes), body, opts);
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array>> {
    const objectKey = this.objectKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      if (out.Body instanceof Readable) return out.Body;
      throw new AppError("STORAGE_FAILED", `S3 returned no readable body for ${key}.`);
    } catch (error) {
      throw this.fail(error, "read", key);
    }
  }

  async get(key: string): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    const body = await this.getStream(key);
    try {
      for await (const part of body) parts.push(part);
    } catch (error) {
      throw this.fail(error, "read", key);
    }
    return Buffer.concat(parts);
  }

  /** S3 answers a delete of a missing key with success, which is the idempotence wanted here. */
  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    } catch (error) {
      throw this.fail(error, "delete", key);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      const mapped = this.fail(error, "look up", key);
      if (mapped.code === "NOT_FOUND") return false;
      throw mapped;
    }
  }
}

import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { AppError } from "../../errors/app-error";
import type { TBlobStoreConfig } from "./create-blob-store";
import { s3ClientConfig } from "./s3-blob-store";
import { toStorageError } from "./s3-errors";

export type TPresignedPart = { partNumber: number; url: string };
export type TUploadedPart = { partNumber: number; etag: string };

/**
 * Multipart uploads that clients send straight to the bucket through presigned part URLs. The
 * objects live under `<prefix>direct/<owner>/<id>`, apart from the content-addressed files: the
 * server reads them back, checks them as any upload, keeps them under their hash and removes these.
 */
export type TDirectUploads = {
  /** The staging object's key for this owner's direct upload (ids are the server's own UUIDs). */
  stagingKey(ownerId: string, id: string): string;
  /** Opens a multipart upload; the store's upload id, which the server keeps and never asks the client for. */
  begin(stagingKey: string): Promise<string>;
  /** One PUT URL per part, valid for expiresInSeconds. */
  presignParts(stagingKey: string, s3UploadId: string, partCount: number, expiresInSeconds: number): Promise<TPresignedPart[]>;
  /** Joins the parts; a part the store does not hold under that ETag is refused (HASH_MISMATCH). */
  complete(stagingKey: string, s3UploadId: string, parts: TUploadedPart[]): Promise<void>;
  /** The stored object's size in bytes, as the store reports it. */
  size(stagingKey: string): Promise<number>;
  read(stagingKey: string): Promise<AsyncIterable<Uint8Array>>;
  /** Removes the staging object; a missing one is fine. */
  remove(stagingKey: string): Promise<void>;
  /** Abandons an unfinished multipart upload (its parts are freed); an unknown one is fine. */
  abort(stagingKey: string, s3UploadId: string): Promise<void>;
};

/** Codes with which S3 refuses a CompleteMultipartUpload whose parts are not those uploaded. */
const WRONG_PARTS = new Set(["InvalidPart", "InvalidPartOrder", "EntityTooSmall"]);

export class S3DirectUploads implements TDirectUploads {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(config: Extract<TBlobStoreConfig, { driver: "s3" }>) {
    this.client = new S3Client({ ...s3ClientConfig(config), maxAttempts: 3 });
    this.bucket = config.bucket;
    this.prefix = config.prefix;
  }

  private fail(error: unknown, action: string, key: string): AppError {
    return toStorageError(error, action, key, this.bucket);
  }

  stagingKey(ownerId: string, id: string): string {
    return `${this.prefix}direct/${ownerId}/${id}`;
  }

  async begin(stagingKey: string): Promise<string> {
    try {
      const out = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: stagingKey, ContentType: "application/octet-stream" }));
      if (!out.UploadId) throw new AppError("STORAGE_FAILED", "S3 started a multipart upload without giving its id.");
      return out.UploadId;
    } catch (error) {
      throw this.fail(error, "start a multipart upload at", stagingKey);
    }
  }

  presignParts(stagingKey: string, s3UploadId: string, partCount: number, expiresInSeconds: number): Promise<TPresignedPart[]> {
    return Promise.all(
      Array.from({ length: partCount }, async (_, index) => {
        const partNumber = index + 1;
        const command = new UploadPartCommand({ Bucket: this.bucket, Key: stagingKey, UploadId: s3UploadId, PartNumber: partNumber });
        return { partNumber, url: await getSignedUrl(this.client, command, { expiresIn: expiresInSeconds }) };
      }),
    );
  }

  async complete(stagingKey: string, s3UploadId: string, parts: TUploadedPart[]): Promise<void> {
    try {
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: stagingKey,
          UploadId: s3UploadId,
          MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
        }),
      );
    } catch (error) {
      if (error instanceof S3ServiceException && WRONG_PARTS.has(error.name)) {
        throw new AppError("HASH_MISMATCH", `The store does not hold these parts (${error.name}).`, { cause: error });
      }
      if (error instanceof S3ServiceException && error.name === "NoSuchUpload") {
        throw new AppError("NOT_FOUND", "The store no longer has this upload (it expired or was finished).", { cause: error });
      }
      throw this.fail(error, "complete the multipart upload at", stagingKey);
    }
  }

  async size(stagingKey: string): Promise<number> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: stagingKey }));
      if (out.ContentLength === undefined) throw new AppError("STORAGE_FAILED", `S3 gave no size for ${stagingKey}.`);
      return out.ContentLength;
    } catch (error) {
      throw this.fail(error, "look up", stagingKey);
    }
  }

  async read(stagingKey: string): Promise<AsyncIterable<Uint8Array>> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: stagingKey }));
      if (out.Body instanceof Readable) return out.Body;
      throw new AppError("STORAGE_FAILED", `S3 returned no readable body for ${stagingKey}.`);
    } catch (error) {
      throw this.fail(error, "read", stagingKey);
    }
  }

  async remove(stagingKey: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: stagingKey }));
    } catch (error) {
      throw this.fail(error, "delete", stagingKey);
    }
  }

  async abort(stagingKey: string, s3UploadId: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: stagingKey, UploadId: s3UploadId }));
    } catch (error) {
      if (error instanceof S3ServiceException && error.name === "NoSuchUpload") return;
      throw this.fail(error, "abort the multipart upload at", stagingKey);
    }
  }
}

/**
 * Direct uploads where the configuration allows them: S3 without STORAGE_ENCRYPTION_KEY. With
 * encryption at rest the client's plaintext would sit in the bucket until checked, so those
 * deployments (and the filesystem driver) keep the streamed upload.
 */
export function createDirectUploads(config: TBlobStoreConfig): TDirectUploads | null {
  if (config.driver !== "s3" || config.encryptionKey !== undefined) return null;
  return new S3DirectUploads(config);
}

/**
 * The origin the presigned part URLs point at (a page's CSP connect-src must name it), or null
 * without direct uploads. Taken from a URL presigned as the parts are, so it is the SDK's own
 * answer for path-style, virtual-hosted and custom endpoints alike; nothing goes over the network.
 */
export async function directUploadOrigin(config: TBlobStoreConfig): Promise<string | null> {
  const direct = createDirectUploads(config);
  if (!direct) return null;
  const [part] = await direct.presignParts(direct.stagingKey("origin", "origin"), "origin", 1, 60);
  return part ? new URL(part.url).origin : null;
}

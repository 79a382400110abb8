import { z } from "zod";
import type { TStagingBlobStore } from "./blob-store";
import { decodeEncryptionKey } from "./blob-cipher";
import { EncryptingBlobStore } from "./encrypting-blob-store";
import { FsBlobStore } from "./fs-blob-store";
import { S3BlobStore } from "./s3-blob-store";

const ZEncryptionKeySchema = z.string().refine((value) => decodeEncryptionKey(value) !== undefined, {
  message: "must be 32 random bytes as base64 (44 characters) or hex (64 characters), e.g. `openssl rand -base64 32`",
});

/**
 * Where files are kept. The apps' env.ts map their environment onto it:
 *   STORAGE_DRIVER=fs|s3 -> driver (default fs)
 *   STORAGE_DIR -> root (fs)
 *   S3_BUCKET -> bucket, S3_REGION -> region, S3_ENDPOINT -> endpoint,
 *   S3_FORCE_PATH_STYLE=true|false -> forcePathStyle, S3_ACCESS_KEY_ID -> accessKeyId,
 *   S3_SECRET_ACCESS_KEY -> secretAccessKey, S3_PREFIX -> prefix (s3)
 *   STORAGE_ENCRYPTION_KEY -> encryptionKey (either driver; unset = no encryption at rest)
 * Turning encryption on, or changing the key, makes files stored before unreadable (HASH_MISMATCH).
 */
export const ZBlobStoreConfigSchema = z.discriminatedUnion("driver", [
  z.object({
    driver: z.literal("fs"),
    root: z.string().min(1),
    encryptionKey: ZEncryptionKeySchema.optional(),
  }),
  z
    .object({
      driver: z.literal("s3"),
      bucket: z.string().min(3),
      region: z.string().min(1).default("us-east-1"),
      endpoint: z.url().optional(),
      forcePathStyle: z.boolean().default(false),
      accessKeyId: z.string().min(1).optional(),
      secretAccessKey: z.string().min(1).optional(),
      prefix: z
        .string()
        .regex(/^([A-Za-z0-9._-]+\/)*$/, "must be empty or end with / (e.g. docvault/)")
        .default(""),
      stagingDir: z.string().min(1).optional(),
      encryptionKey: ZEncryptionKeySchema.optional(),
    })
    .refine((c) => Boolean(c.accessKeyId) === Boolean(c.secretAccessKey), {
      message: "set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither",
      path: ["secretAccessKey"],
    }),
]);

export type TBlobStoreConfig = z.infer<typeof ZBlobStoreConfigSchema>;
export type TBlobStoreConfigInput = z.input<typeof ZBlobStoreConfigSchema>;

/** The store the configuration asks for: filesystem (default) or S3, encrypted when a key is set. */
export function createBlobStore(input: TBlobStoreConfigInput): TStagingBlobStore {
  const config = ZBlobStoreConfigSchema.parse(input);
  const base: TStagingBlobStore = config.driver === "fs" ? new FsBlobStore(config.root) : new S3BlobStore(config);
  const key = config.encryptionKey === undefined ? undefined : decodeEncryptionKey(config.encryptionKey);
  return key ? new EncryptingBlobStore(base, key) : base;
}

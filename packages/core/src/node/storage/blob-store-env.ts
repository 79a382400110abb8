import { ZBlobStoreConfigSchema, type TBlobStoreConfig } from "./create-blob-store";

const ENV_NAMES = {
  driver: "STORAGE_DRIVER",
  root: "STORAGE_DIR",
  bucket: "S3_BUCKET",
  region: "S3_REGION",
  endpoint: "S3_ENDPOINT",
  forcePathStyle: "S3_FORCE_PATH_STYLE",
  accessKeyId: "S3_ACCESS_KEY_ID",
  secretAccessKey: "S3_SECRET_ACCESS_KEY",
  prefix: "S3_PREFIX",
  encryptionKey: "STORAGE_ENCRYPTION_KEY",
} as const satisfies Record<string, string>;

/** Every storage variable blobStoreConfigFromEnv reads. */
export const STORAGE_ENV_NAMES: readonly string[] = Object.values(ENV_NAMES);

/**
 * The storage configuration from environment variables (the apps pass their validated
 * environment in; core reads no process.env): STORAGE_DRIVER fs|s3, STORAGE_DIR, S3_BUCKET,
 * S3_REGION, S3_ENDPOINT, S3_FORCE_PATH_STYLE, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PREFIX,
 * STORAGE_ENCRYPTION_KEY. Errors name the variable.
 */
export function blobStoreConfigFromEnv(env: Record<string, string | undefined>, defaultRoot: string): TBlobStoreConfig {
  const driver = env.STORAGE_DRIVER ?? "fs";
  const raw =
    driver === "s3"
      ? {
          driver,
          bucket: env.S3_BUCKET,
          region: env.S3_REGION,
          endpoint: env.S3_ENDPOINT,
          forcePathStyle: env.S3_FORCE_PATH_STYLE === undefined ? undefined : env.S3_FORCE_PATH_STYLE === "true",
          accessKeyId: env.S3_ACCESS_KEY_ID,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY,
          prefix: env.S3_PREFIX,
          encryptionKey: env.STORAGE_ENCRYPTION_KEY,
        }
      : { driver, root: env.STORAGE_DIR ?? defaultRoot, encryptionKey: env.STORAGE_ENCRYPTION_KEY };
  const parsed = ZBlobStoreConfigSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== "")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${(ENV_NAMES as Record<string, string>)[String(i.path[0])] ?? String(i.path[0] ?? "STORAGE_DRIVER")}: ${i.message}`,
    );
    throw new Error(`invalid storage configuration\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

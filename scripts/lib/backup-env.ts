/**
 * What backup and restore read from the environment: the same variables as the app (DATABASE_URL,
 * DOCVAULT_HOME, STORAGE_DIR, STORAGE_DRIVER and S3_*, STORAGE_ENCRYPTION_KEY), so a backup is
 * taken from, and restored into, exactly what `pnpm start` would use.
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { blobStoreConfigFromEnv, createBlobStore, type TBlobStore } from "@docvault/core/node";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export type TBackupManifest = {
  format: 1;
  createdAt: string;
  /** "postgres": database.dump from pg_dump; "embedded": database.tar.gz, PGlite's data directory. */
  database: "postgres" | "embedded";
  documents: number;
  extractions: number;
  /** Every stored file: its storage key (content address), SHA-256 and size. */
  files: { key: string; sha256: string; size: number }[];
};

export type TBackupEnv = { databaseUrl: string | undefined; home: string; store: TBlobStore };

export function backupEnv(source: NodeJS.ProcessEnv = process.env): TBackupEnv {
  const home = resolve(source.DOCVAULT_HOME || join(ROOT, ".docvault"));
  const storageDir = source.STORAGE_DIR || join(home, "files");
  return { databaseUrl: source.DATABASE_URL || undefined, home, store: createBlobStore(blobStoreConfigFromEnv(source, storageDir)) };
}

export function say(message: string): void {
  console.log(`[docvault] ${message}`);
}

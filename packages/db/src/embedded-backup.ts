import { existsSync, readdirSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";

/**
 * The embedded database's whole data directory as a gzipped tarball (PGlite's own dump), for
 * backups. The app must be stopped: two PGlite instances on one directory would corrupt it.
 */
export async function dumpEmbeddedData(dataDir: string): Promise<Blob> {
  if (!existsSync(dataDir)) throw new Error(`There is no embedded database at ${dataDir}.`);
  const db = await PGlite.create(dataDir);
  try {
    return await db.dumpDataDir("gzip");
  } finally {
    await db.close();
  }
}

/** Creates the embedded database in an empty `dataDir` from a dumpEmbeddedData tarball. */
export async function loadEmbeddedData(dataDir: string, tarball: Blob): Promise<void> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty: restore into a new DOCVAULT_HOME, or move the old data away first.`);
  }
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, { loadDataDir: tarball });
  await db.close();
}

/**
 * `pnpm restore <backup dir>`: puts a `pnpm backup` back on an empty machine: the database (into
 * DATABASE_URL with pg_restore, or as the embedded database under DOCVAULT_HOME) and every file
 * into the configured store, then checks that every document's file is there with its SHA-256 and
 * that the counts match the backup's manifest. It refuses to write over a database that holds
 * documents, and changes nothing then.
 */
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import pg from "pg";
import { createDb } from "@docvault/db";
import { loadEmbeddedData } from "@docvault/db/embedded-backup";
import { startEmbeddedPostgres } from "@docvault/db/embedded";
import { migrate } from "@docvault/db/migrate";
import { backupEnv, say, type TBackupManifest } from "./lib/backup-env";

function fail(message: string): never {
  console.error(`[docvault] restore: ${message}`);
  process.exit(1);
}

const dir = resolve(process.argv[2] ?? fail("name the backup directory: pnpm restore <dir>"));
if (!existsSync(join(dir, "manifest.json"))) fail(`${dir} has no manifest.json: it is not a finished docvault backup.`);
const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as TBackupManifest;
if (manifest.format !== 1) fail(`backup format ${String(manifest.format)} is not one this version reads.`);
const env = backupEnv();

/** Documents already in the target, or null when it has no docvault tables yet. */
async function documentsIn(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query<{ t: string | null }>("SELECT to_regclass('public.documents')::text AS t");
    if (!table.rows[0]?.t) return null;
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM documents");
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let databaseUrl: string;
if (manifest.database === "postgres") {
  databaseUrl = env.databaseUrl ?? fail("this backup is of a PostgreSQL database: set DATABASE_URL to the (empty) database to restore into.");
  const existing = await documentsIn(databaseUrl);
  if (existing !== null) fail(`the target database already has docvault tables (${existing} documents): restore into an empty database.`);
  const restored = spawnSync("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--dbname", databaseUrl, join(dir, "database.dump")], {
    stdio: "inherit",
  });
  if (restored.error) fail("pg_restore was not found: install PostgreSQL's client tools (Debian: postgresql-client).");
  if (restored.status !== 0) fail("pg_restore failed (see above); the target database may hold part of the backup: drop and create it again before retrying.");
} else {
  if (env.databaseUrl) fail("this backup is of the embedded database: unset DATABASE_URL to restore it under DOCVAULT_HOME.");
  const tarball = await readFile(join(dir, "database.tar.gz"));
  try {
    await loadEmbeddedData(join(env.home, "pgdata"), new Blob([tarball]));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  embedded = await startEmbeddedPostgres({ dataDir: join(env.home, "pgdata") });
  databaseUrl = embedded.url;
}
say("database restored");
// A backup taken by an older version gets the migrations it predates.
const { applied } = await migrate(databaseUrl);
if (applied.length) say(`migrations applied: ${applied.join(", ")}`);

for (const file of manifest.files) {
  const put = await env.store.putStream(createReadStream(join(dir, "files", file.key)), { maxBytes: Number.MAX_SAFE_INTEGER });
  if (put.key !== file.key || put.sha256 !== file.sha256) fail(`the backup's copy of ${file.key} is damaged (SHA-256 ${put.sha256}).`);
}
say(`${manifest.files.length} files restored`);

const db = createDb(databaseUrl);
try {
  const documents = await db.document.count();
  const extractions = await db.extraction.count();
  if (documents !== manifest.documents || extractions !== manifest.extractions) {
    fail(`counts differ from the backup: ${documents}/${manifest.documents} documents, ${extractions}/${manifest.extractions} extractions.`);
  }
  const keys = await db.document.findMany({ select: { storageKey: true }, distinct: ["storageKey"] });
  const missing = [];
  for (const { storageKey } of keys) if (!(await env.store.exists(storageKey))) missing.push(storageKey);
  if (missing.length) fail(`${missing.length} documents have no file after the restore (first: ${missing[0]}).`);
  say(`restore complete and checked: ${documents} documents, ${extractions} extractions, every file present`);
} finally {
  await db.$disconnect();
  await embedded?.stop();
}

/**
 * `pnpm backup [--out dir]`: a consistent copy of the database and every stored file, restorable
 * on an empty machine with `pnpm restore <dir>`. PostgreSQL (DATABASE_URL) is dumped with pg_dump
 * (custom format; pg_dump must be at least the server's version); the embedded database as PGlite's
 * data directory, so stop the app first. Files are read through the configured store (filesystem or
 * S3, decrypted when encryption is on: keep the backup somewhere safe) and each is checked against
 * its SHA-256 on the way. manifest.json is written last: a directory without it is not a backup.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { parseArgs } from "node:util";
import { createDb } from "@docvault/db";
import { dumpEmbeddedData } from "@docvault/db/embedded-backup";
import { startEmbeddedPostgres } from "@docvault/db/embedded";
import { backupEnv, say, type TBackupManifest } from "./lib/backup-env";

const { values } = parseArgs({ options: { out: { type: "string" } } });
const env = backupEnv();
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const out = resolve(values.out ?? join(env.home, "backups", `docvault-${stamp}`));
await mkdir(join(out, "files"), { recursive: true });

const embedded = env.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: join(env.home, "pgdata") });
const databaseUrl = env.databaseUrl ?? embedded?.url ?? "";
const db = createDb(databaseUrl);
let documents: { storageKey: string; sha256: string }[];
let counts: { documents: number; extractions: number };
try {
  documents = await db.document.findMany({ select: { storageKey: true, sha256: true }, distinct: ["storageKey"] });
  counts = { documents: await db.document.count(), extractions: await db.extraction.count() };
  say(`${counts.documents} documents, ${counts.extractions} extractions, ${documents.length} distinct files`);
} finally {
  await db.$disconnect();
  await embedded?.stop();
}

if (env.databaseUrl) {
  const dump = spawnSync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", join(out, "database.dump"), env.databaseUrl], {
    stdio: "inherit",
  });
  if (dump.error || dump.status !== 0) {
    console.error(dump.error ? "pg_dump was not found: install PostgreSQL's client tools (Debian: postgresql-client)." : "pg_dump failed (see above).");
    process.exit(1);
  }
} else {
  const tarball = await dumpEmbeddedData(join(env.home, "pgdata"));
  await writeFile(join(out, "database.tar.gz"), Buffer.from(await tarball.arrayBuffer()));
}
say("database saved");

const files: TBackupManifest["files"] = [];
for (const doc of documents) {
  const target = join(out, "files", doc.storageKey);
  await mkdir(dirname(target), { recursive: true });
  const hash = createHash("sha256");
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(await env.store.getStream(doc.storageKey), hashing, createWriteStream(target));
  const sha256 = hash.digest("hex");
  if (sha256 !== doc.sha256) {
    console.error(`The stored file ${doc.storageKey} does not match its SHA-256 (it is damaged); the backup stops here.`);
    process.exit(1);
  }
  files.push({ key: doc.storageKey, sha256, size });
}
say(`${files.length} files saved`);

const manifest: TBackupManifest = {
  format: 1,
  createdAt: new Date().toISOString(),
  database: env.databaseUrl ? "postgres" : "embedded",
  ...counts,
  files,
};
await writeFile(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
say(`backup complete: ${out}`);

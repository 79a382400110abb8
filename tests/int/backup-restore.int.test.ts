// `pnpm backup` then `pnpm restore` onto an empty machine (a new database and a new DOCVAULT_HOME),
// with PostgreSQL and with the embedded database: every document, job, extraction and file comes
// back byte for byte; a restore over a database that holds documents is refused and changes nothing.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PIPELINE_VERSION } from "@docvault/core";
import { FsBlobStore } from "@docvault/core/node";
import { makeTextPdf, renderTextImage } from "@docvault/core/testing";
import { completeJob, createDb, createDocumentWithJob, type TDb } from "@docvault/db";
import { startEmbeddedPostgres } from "@docvault/db/embedded";
import { migrate } from "@docvault/db/migrate";
import { createTestDatabase, DEFAULT_TEST_DATABASE_URL } from "@docvault/db/testing";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean().catch(() => undefined);
});

async function tempHome(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dv-backup-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function run(script: "backup" | "restore", args: string[], env: Record<string, string | undefined>) {
  const clean = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
  if (env.DATABASE_URL === undefined) delete clean.DATABASE_URL;
  return spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", `${script}.ts`), ...args], { cwd: root, env: clean, encoding: "utf8" });
}

async function* once(bytes: Uint8Array) {
  yield bytes;
}

/** Two users, three documents (two read, one pending), one file shared by two documents. */
async function seed(db: TDb, home: string) {
  const store = new FsBlobStore(join(home, "files"));
  const alice = await db.user.create({ data: { email: `alice-${randomBytes(3).toString("hex")}@example.test`, name: "Alice" } });
  const bob = await db.user.create({ data: { email: `bob-${randomBytes(3).toString("hex")}@example.test`, name: "Bob" } });
  const files = [await renderTextImage(["RECEIPT", "TOTAL 12.50"]), Buffer.from(await makeTextPdf([["INVOICE 7", "TOTAL 99.00"]]))];
  const owners = [alice.id, alice.id, bob.id];
  const fileOf = [0, 1, 1];
  for (const [i, ownerId] of owners.entries()) {
    const bytes = files[fileOf[i] ?? 0] ?? Buffer.alloc(0);
    const stored = await store.putStream(once(bytes), { maxBytes: 10 << 20 });
    const { document, job } = await createDocumentWithJob(db, {
      ownerId,
      sha256: stored.sha256,
      originalFilename: `doc-${i}.${fileOf[i] ? "pdf" : "png"}`,
      mimeType: fileOf[i] ? "application/pdf" : "image/png",
      sizeBytes: stored.size,
      storageKey: stored.key,
    });
    if (i < 2) {
      await completeJob(
        db,
        { id: job.id, documentId: document.id, sha256: stored.sha256 },
        {
          pipelineVersion: PIPELINE_VERSION,
          engines: ["tesseract"],
          pages: [],
          text: `text of document ${i}`,
          confidence: 0.9,
        },
      );
    }
  }
  return { files, fileOf };
}

/** Everything a user relies on, in a comparable shape. */
async function snapshot(db: TDb) {
  const documents = await db.document.findMany({
    orderBy: { originalFilename: "asc" },
    select: { id: true, ownerId: true, sha256: true, originalFilename: true, storageKey: true, jobs: { select: { id: true, status: true } } },
  });
  const extractions = await db.extraction.findMany({ orderBy: { jobId: "asc" }, select: { jobId: true, sha256: true, data: true } });
  return { documents, extractions };
}

describe("backup and restore onto an empty machine", () => {
  it("PostgreSQL: pg_dump and the files, restored into a new database and storage directory", async () => {
    const source = await createTestDatabase(process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL);
    cleanups.push(() => source.drop());
    const homeA = await tempHome();
    const dbA = createDb(source.url);
    cleanups.push(() => dbA.$disconnect());
    const { files } = await seed(dbA, homeA);
    const before = await snapshot(dbA);
    expect(before.documents).toHaveLength(3);
    expect(before.extractions).toHaveLength(2);

    const out = join(await tempHome(), "backup");
    const backup = run("backup", ["--out", out], { DATABASE_URL: source.url, DOCVAULT_HOME: homeA });
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toContain("backup complete");

    // The empty machine: a database with nothing in it, and a new home for the files.
    const targetName = `dv_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${targetName}`);
    await admin.end();
    const targetUrl = new URL(process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL);
    targetUrl.pathname = `/${targetName}`;
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${targetName} WITH (FORCE)`);
      await c.end();
    });
    const homeB = await tempHome();
    const restore = run("restore", [out], { DATABASE_URL: targetUrl.toString(), DOCVAULT_HOME: homeB });
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain("restore complete and checked: 3 documents, 2 extractions");

    const dbB = createDb(targetUrl.toString());
    cleanups.push(() => dbB.$disconnect());
    expect(await snapshot(dbB)).toEqual(before);
    const storeB = new FsBlobStore(join(homeB, "files"));
    for (const doc of before.documents) {
      const bytes = await storeB.get(doc.storageKey);
      expect(files.some((f) => f.equals(bytes))).toBe(true);
    }

    // Tried: restoring the same backup again over the now-filled database.
    const again = run("restore", [out], { DATABASE_URL: targetUrl.toString(), DOCVAULT_HOME: homeB });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already has docvault tables (3 documents)");
    expect(await snapshot(dbB)).toEqual(before);
  }, 180_000);

  it("embedded: PGlite's data directory and the files, restored under a new DOCVAULT_HOME", async () => {
    const homeA = await tempHome();
    const embeddedA = await startEmbeddedPostgres({ dataDir: join(homeA, "pgdata") });
    await migrate(embeddedA.url);
    const dbA = createDb(embeddedA.url);
    await seed(dbA, homeA);
    const before = await snapshot(dbA);
    await dbA.$disconnect();
    await embeddedA.stop();

    const out = join(await tempHome(), "backup");
    const backup = run("backup", ["--out", out], { DATABASE_URL: undefined, DOCVAULT_HOME: homeA });
    expect(backup.status, backup.stderr).toBe(0);

    const homeB = await tempHome();
    const restore = run("restore", [out], { DATABASE_URL: undefined, DOCVAULT_HOME: homeB });
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain("restore complete and checked: 3 documents, 2 extractions");

    const embeddedB = await startEmbeddedPostgres({ dataDir: join(homeB, "pgdata") });
    cleanups.push(() => embeddedB.stop());
    const dbB = createDb(embeddedB.url);
    cleanups.push(() => dbB.$disconnect());
    expect(await snapshot(dbB)).toEqual(before);

    // Tried: restoring into a home whose embedded database exists already.
    const again = run("restore", [out], { DATABASE_URL: undefined, DOCVAULT_HOME: homeB });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("is not empty");
  }, 180_000);

  it("a directory without a manifest is refused with a sentence", async () => {
    const restore = run("restore", [await tempHome()], { DATABASE_URL: undefined, DOCVAULT_HOME: await tempHome() });
    expect(restore.status).toBe(1);
    expect(restore.stderr).toContain("has no manifest.json: it is not a finished docvault backup");
  });
});

// Automatic expiry against the real PostgreSQL: an old document goes with its rows and its file;
// a recent one, and a file another document still uses, stay.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FsBlobStore } from "@docvault/core/node";
import { makeTextPdf } from "@docvault/core/testing";
import { createDb, type TDb } from "@docvault/db";
import type {} from "@docvault/db/testing/global-setup";
import { startRetentionSweeper } from "./retention-sweeper";
import { storeDocument } from "./testing/store-document";

describe("retention", () => {
  let db: TDb;
  let storageDir: string;
  beforeAll(async () => {
    db = createDb(inject("databaseUrl"));
    storageDir = await mkdtemp(join(tmpdir(), "dv-retention-"));
  });
  afterAll(async () => {
    await db.$disconnect();
    await rm(storageDir, { recursive: true, force: true });
  });

  it("deletes documents older than RETENTION_DAYS with their rows and, once unused, their file", async () => {
    const store = new FsBlobStore(storageDir);
    const owner = (await db.user.create({ data: { email: "retention@example.test" } })).id;
    const other = (await db.user.create({ data: { email: "retention-other@example.test" } })).id;
    const add = async (ownerId: string, lines: string[]) =>
      (await storeDocument({ db, store, ownerId }, { bytes: await makeTextPdf([lines]), mimeType: "application/pdf", filename: "r.pdf" })).document;
    const old = await add(owner, ["old"]);
    const oldShared = await add(owner, ["shared"]);
    const recentShared = await add(other, ["shared"]);
    const recent = await add(owner, ["recent"]);
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    await db.document.updateMany({ where: { id: { in: [old.id, oldShared.id] } }, data: { createdAt: longAgo } });

    const sweeper = startRetentionSweeper({ db, store, log: pino({ level: "silent" }), days: 30, intervalMs: 3_600_000 });
    expect(await sweeper.sweepOnce()).toBe(2);
    sweeper.stop();

    const left = await db.document.findMany({ where: { ownerId: { in: [owner, other] } }, select: { id: true } });
    expect(left.map((d) => d.id).sort()).toEqual([recent.id, recentShared.id].sort());
    expect(await db.extractionJob.count({ where: { documentId: old.id } })).toBe(0);
    expect(await store.exists(old.storageKey)).toBe(false);
    // The shared file stays while the other user's recent document uses it.
    expect(await store.exists(recentShared.storageKey)).toBe(true);
    const files = (await readdir(storageDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files).toHaveLength(2);
  });
});

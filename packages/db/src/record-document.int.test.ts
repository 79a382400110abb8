// The upload path's two statements (issue 22): createDocumentWithJob records a document and its
// job in one statement, and findOwnDocumentByHash answers the known-file check in one. What was
// tried: a new file, the same bytes again, a document left without a job, two recordings of the
// same bytes at once, another owner's bytes, and a job queued again. On PostgreSQL and on PGlite.
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createDb, type TDb } from "./client";
import { createDocumentWithJob, findOwnDocumentByHash, type TNewDocument } from "./documents";
import { isUniqueViolation } from "./uploads";
import { aUser } from "./testing/factories";
import { startTestPglite } from "./testing/test-pglite";
import type {} from "./testing/global-setup";

const pglite = await startTestPglite();
afterAll(() => pglite.stop());
const targets = [
  { name: "postgres", databaseUrl: inject("databaseUrl") },
  { name: "pglite", databaseUrl: pglite.url },
];

function newFile(ownerId: string, extra: Partial<TNewDocument> = {}): TNewDocument {
  const sha256 = createHash("sha256").update(randomUUID()).digest("hex");
  return { ownerId, sha256, originalFilename: "till.jpg", mimeType: "image/jpeg", sizeBytes: 123_456, storageKey: `sha256/${sha256}`, ...extra };
}

describe.each(targets)("recording uploads on $name", ({ databaseUrl }) => {
  let db: TDb;
  let owner: string;
  beforeAll(async () => {
    db = createDb(databaseUrl);
    owner = (await aUser(db)).id;
  });
  afterAll(() => db.$disconnect());

  it("records a new file as a document with a pending job at its priority, and the rows hold what was sent", async () => {
    const file = newFile(owner, { priority: 8 });
    const { created, document, job } = await createDocumentWithJob(db, file);
    expect(created).toBe(true);
    expect(document).toMatchObject({ ownerId: owner, sha256: file.sha256, originalFilename: "till.jpg", mimeType: "image/jpeg", storageKey: file.storageKey });
    expect(document.createdAt).toBeInstanceOf(Date);
    expect(job).toMatchObject({ documentId: document.id, status: "pending", priority: 8 });
    const row = await db.document.findUniqueOrThrow({ where: { id: document.id }, include: { jobs: true } });
    expect(row.sizeBytes).toBe(123_456n);
    expect(row.jobs).toEqual([expect.objectContaining({ id: job.id, status: "pending", priority: 8, attempts: 0 })]);
    expect((await createDocumentWithJob(db, newFile(owner))).job.priority).toBe(5);
  });

  it("answers the same owner's same bytes with the existing document and its latest job, and records nothing", async () => {
    const file = newFile(owner);
    const first = await createDocumentWithJob(db, file);
    await db.extractionJob.update({ where: { id: first.job.id }, data: { status: "completed" } });
    const again = await createDocumentWithJob(db, { ...file, originalFilename: "renamed.jpg", storageKey: "elsewhere" });
    expect(again).toMatchObject({
      created: false,
      document: { id: first.document.id, originalFilename: "till.jpg" },
      job: { id: first.job.id, status: "completed" },
    });
    expect(await db.extractionJob.count({ where: { documentId: first.document.id } })).toBe(1);
  });

  it("gives a job to a document of the owner's that has none", async () => {
    const first = await createDocumentWithJob(db, newFile(owner));
    await db.extractionJob.deleteMany({ where: { documentId: first.document.id } });
    const again = await createDocumentWithJob(db, newFile(owner, { sha256: first.document.sha256 }));
    expect(again.created).toBe(true);
    expect(again.document.id).toBe(first.document.id);
    expect(again.job).toMatchObject({ documentId: first.document.id, status: "pending" });
    expect(again.job.id).not.toBe(first.job.id);
  });

  it("records the same bytes sent three times at once as one document with one job, each caller answered with it", async () => {
    // Three clients, as three web processes: their statements race in the database (one process's
    // calls made together are batched, below). Twenty rounds: the statements overlap in most of
    // them on PostgreSQL (PGlite runs them one after another).
    const clients = [db, createDb(databaseUrl), createDb(databaseUrl)];
    for (let round = 0; round < 20; round++) {
      const file = newFile(owner);
      const answers = await Promise.all(clients.map((client) => createDocumentWithJob(client, file)));
      expect(new Set(answers.map((a) => a.document.id)).size).toBe(1);
      expect(new Set(answers.map((a) => a.job.id)).size).toBe(1);
      expect(answers.filter((a) => a.created)).toHaveLength(1);
      expect(await db.extractionJob.count({ where: { documentId: answers[0]?.document.id } })).toBe(1);
    }
    await Promise.all(clients.slice(1).map((client) => client.$disconnect()));
  });

  it("records the uploads a process makes together in one statement, each answered as if it came alone", async () => {
    const known = await createDocumentWithJob(db, newFile(owner));
    const jobless = await createDocumentWithJob(db, newFile(owner));
    await db.extractionJob.deleteMany({ where: { documentId: jobless.document.id } });
    const other = (await aUser(db)).id;
    const fresh = newFile(owner, { priority: 8 });
    const files = [
      newFile(owner), // made to run alone: the rest arrive while it runs and go together
      fresh,
      { ...fresh, originalFilename: "again.jpg" }, // the same bytes twice in one batch
      { ...fresh, ownerId: other }, // the same bytes, another owner
      newFile(owner, { sha256: known.document.sha256 }),
      newFile(owner, { sha256: jobless.document.sha256 }),
    ];
    const answers = await Promise.all(files.map((file) => createDocumentWithJob(db, file)));
    const [alone, first, second, theirs, again, rejobbed] = answers;
    expect(answers.map((a) => a.created)).toEqual([true, true, false, true, false, true]);
    expect(alone?.document.sha256).toBe(files[0]?.sha256);
    expect(first).toMatchObject({ document: { ownerId: owner, sha256: fresh.sha256, originalFilename: "till.jpg" }, job: { status: "pending", priority: 8 } });
    expect(second?.document).toEqual(first?.document);
    expect(second?.job).toEqual(first?.job);
    expect(theirs?.document.ownerId).toBe(other);
    expect(theirs?.document.id).not.toBe(first?.document.id);
    expect(again).toMatchObject({ document: { id: known.document.id }, job: { id: known.job.id } });
    expect(rejobbed?.document.id).toBe(jobless.document.id);
    expect(rejobbed?.job).toMatchObject({ documentId: jobless.document.id, status: "pending" });
    // One row each, and the batch's rows share one transaction's time.
    expect(await db.document.count({ where: { sha256: fresh.sha256 } })).toBe(2);
    expect(await db.extractionJob.count({ where: { documentId: first?.document.id } })).toBe(1);
    const queued = await db.extractionJob.findMany({ where: { id: { in: [first, theirs, rejobbed].map((a) => a?.job.id ?? "") } } });
    expect(new Set(queued.map((job) => job.queuedAt.getTime())).size).toBe(1);
  });

  it("tells a unique violation from raw SQL as it tells one from the client's models", async () => {
    const file = newFile(owner);
    await createDocumentWithJob(db, file);
    const raw = await db.$executeRaw`
      INSERT INTO documents (id, owner_id, sha256, original_filename, mime_type, size_bytes, storage_key)
      VALUES (${randomUUID()}::uuid, ${owner}::uuid, ${file.sha256}, 'copy.jpg', 'image/jpeg', 1, 'k')`.catch((error: unknown) => error);
    expect(isUniqueViolation(raw)).toBe(true);
    const model = await db.document
      .create({ data: { ownerId: owner, sha256: file.sha256, originalFilename: "copy.jpg", mimeType: "image/jpeg", sizeBytes: 1n, storageKey: "k" } })
      .catch((error: unknown) => error);
    expect(isUniqueViolation(model)).toBe(true);
    expect(isUniqueViolation(new Error("duplicate key"))).toBe(false);
  });

  it("lets another owner record the same bytes, and answers the known-file check for the owner only", async () => {
    const file = newFile(owner);
    const mine = await createDocumentWithJob(db, file);
    const other = (await aUser(db)).id;
    expect(await findOwnDocumentByHash(db, { ownerId: other, sha256: file.sha256 })).toBeNull();
    const theirs = await createDocumentWithJob(db, { ...file, ownerId: other });
    expect(theirs.created).toBe(true);
    expect(theirs.document.id).not.toBe(mine.document.id);
    expect(await findOwnDocumentByHash(db, { ownerId: owner, sha256: file.sha256 })).toEqual({
      documentId: mine.document.id,
      jobId: mine.job.id,
      jobStatus: "pending",
    });
    expect(await findOwnDocumentByHash(db, { ownerId: owner, sha256: "0".repeat(64) })).toBeNull();
  });

  it("answers the check with the document's latest job", async () => {
    const { document, job } = await createDocumentWithJob(db, newFile(owner));
    await db.extractionJob.update({ where: { id: job.id }, data: { status: "failed", queuedAt: new Date(Date.now() - 60_000) } });
    const retry = await db.extractionJob.create({ data: { documentId: document.id } });
    expect(await findOwnDocumentByHash(db, { ownerId: owner, sha256: document.sha256 })).toEqual({
      documentId: document.id,
      jobId: retry.id,
      jobStatus: "pending",
    });
  });
});

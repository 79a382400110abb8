import { randomUUID } from "node:crypto";
import { batcherFor } from "./batch-calls";
import type { TDb } from "./client";
import { Prisma } from "./generated/prisma/client";
import type { JobStatus } from "./generated/prisma/enums";

export const LOCAL_USER_EMAIL = "local@docvault.invalid";

/** Until accounts exist every document belongs to one local user, created on first use. */
export async function ensureLocalUser(db: TDb): Promise<{ id: string }> {
  return db.user.upsert({
    where: { email: LOCAL_USER_EMAIL },
    create: { email: LOCAL_USER_EMAIL, name: "Local user" },
    update: {},
    select: { id: true },
  });
}

export type TNewDocument = {
  ownerId: string;
  sha256: string;
  originalFilename: string;
  mimeType: string;
  sizeBytes: number;
  storageKey: string;
  priority?: number;
};

/** The rows createDocumentWithJob answers with: what the upload paths and the tests read of them. */
export type TRecordedDocument = {
  id: string;
  ownerId: string;
  sha256: string;
  originalFilename: string;
  mimeType: string;
  storageKey: string;
  createdAt: Date;
};
export type TRecordedJob = { id: string; documentId: string; status: JobStatus; priority: number };

type TRecordedRow = TRecordedDocument & { created: boolean; jobId: string; jobStatus: JobStatus; jobPriority: number };

/**
 * Records a document and its extraction job, in one statement (it is on every upload's path). The
 * same user sending the same bytes again gets the existing document and its latest job back, with
 * created = false; a document of theirs left without a job gets one. Two requests recording the
 * same bytes at once: one inserts; the other's insert waits for it, inserts nothing and answers no
 * row, so it is asked once more and finds the first one's rows. The uploads a web process records
 * together are one statement (batchCalls).
 */
export async function createDocumentWithJob(db: TDb, input: TNewDocument): Promise<{ created: boolean; document: TRecordedDocument; job: TRecordedJob }> {
  const record = batcherFor(db, "record document", (inputs: TNewDocument[]) => recordAll(db, inputs));
  const row = (await record(input)) ?? (await record(input));
  if (!row) throw new Error("createDocumentWithJob: the document was neither found nor recorded");
  const { created, jobId, jobStatus, jobPriority, ...document } = row;
  return { created, document, job: { id: jobId, documentId: document.id, status: jobStatus, priority: jobPriority } };
}

/** Each input's rows, or undefined for one that lost a race with another statement (asked again). */
async function recordAll(db: TDb, inputs: TNewDocument[]): Promise<(TRecordedRow | undefined)[]> {
  // The same owner's same bytes twice in one batch: the first is recorded, the second answered
  // as if it came next (the same document and job, not created).
  const firsts = new Map<string, number>();
  for (const [n, input] of inputs.entries()) {
    if (!firsts.has(`${input.ownerId} ${input.sha256}`)) firsts.set(`${input.ownerId} ${input.sha256}`, n);
  }
  const rows = [...firsts.values()].map((n) => {
    const input = inputs[n] as TNewDocument;
    return {
      n,
      doc_id: randomUUID(),
      job_id: randomUUID(),
      owner_id: input.ownerId,
      sha256: input.sha256,
      original_filename: input.originalFilename,
      mime_type: input.mimeType,
      size_bytes: input.sizeBytes,
      storage_key: input.storageKey,
      priority: input.priority ?? 5,
    };
  });
  const answers = await db.$queryRaw<(TRecordedRow & { n: number })[]>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS i(n integer, doc_id uuid, job_id uuid, owner_id uuid, sha256 char(64),
        original_filename text, mime_type text, size_bytes bigint, storage_key text, priority integer)),
    found AS (
      SELECT i.n, d.id, d.owner_id, d.sha256, d.original_filename, d.mime_type, d.storage_key, d.created_at, j.id AS job_id, j.status AS job_status, j.priority AS job_priority
      FROM input i JOIN documents d ON d.owner_id = i.owner_id AND d.sha256 = i.sha256
      LEFT JOIN LATERAL (SELECT id, status, priority FROM extraction_jobs WHERE document_id = d.id ORDER BY queued_at DESC LIMIT 1) j ON true),
    doc AS (
      INSERT INTO documents (id, owner_id, sha256, original_filename, mime_type, size_bytes, storage_key)
      SELECT i.doc_id, i.owner_id, i.sha256, i.original_filename, i.mime_type, i.size_bytes, i.storage_key
      FROM input i WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.n = i.n)
      ON CONFLICT (owner_id, sha256) DO NOTHING
      RETURNING id, owner_id, sha256, original_filename, mime_type, storage_key, created_at),
    recorded AS (
      SELECT i.n, doc.id, doc.owner_id, doc.sha256, doc.original_filename, doc.mime_type, doc.storage_key, doc.created_at,
        NULL::uuid AS job_id, NULL::job_status AS job_status, NULL::integer AS job_priority
      FROM doc JOIN input i ON i.doc_id = doc.id
      UNION ALL SELECT * FROM found),
    job AS (
      INSERT INTO extraction_jobs (id, document_id, priority)
      SELECT i.job_id, r.id, i.priority FROM recorded r JOIN input i ON i.n = r.n WHERE r.job_id IS NULL
      RETURNING id, document_id, status, priority)
    SELECT r.n, r.id::text, r.owner_id::text AS "ownerId", r.sha256::text, r.original_filename AS "originalFilename", r.mime_type AS "mimeType",
      r.storage_key AS "storageKey", r.created_at AS "createdAt", job.id IS NOT NULL AS created,
      COALESCE(job.id, r.job_id)::text AS "jobId", COALESCE(job.status, r.job_status)::text AS "jobStatus", COALESCE(job.priority, r.job_priority) AS "jobPriority"
    FROM recorded r LEFT JOIN job ON job.document_id = r.id`;
  const byInput = new Map(answers.map(({ n, ...row }) => [n, row]));
  return inputs.map((input, n) => {
    const first = firsts.get(`${input.ownerId} ${input.sha256}`) ?? n;
    const row = byInput.get(first);
    return row && first !== n ? { ...row, created: false } : row;
  });
}

/**
 * This owner's document with these bytes and its latest job, or null: what an upload of the same
 * bytes would answer as "known", found before a byte is sent. One indexed read (owner, sha256).
 */
export async function findOwnDocumentByHash(
  db: TDb,
  input: { ownerId: string; sha256: string },
): Promise<{ documentId: string; jobId: string; jobStatus: JobStatus } | null> {
  // One statement (the relation query made two round trips): asked before every upload, so it is
  // on the known-file check's hot path.
  const [row] = await db.$queryRaw<{ documentId: string; jobId: string; jobStatus: JobStatus }[]>`
    SELECT d.id::text AS "documentId", j.id::text AS "jobId", j.status::text AS "jobStatus"
    FROM documents d
    JOIN LATERAL (SELECT id, status FROM extraction_jobs WHERE document_id = d.id ORDER BY queued_at DESC LIMIT 1) j ON true
    WHERE d.owner_id = ${input.ownerId}::uuid AND d.sha256 = ${input.sha256}::char(64)`;
  return row ?? null;
}

/** What the page shows for one document: its latest job and, once done, the extraction. */
export async function getDocumentView(db: TDb, id: string, ownerId: string) {
  return db.document.findFirst({
    where: { id, ownerId },
    include: {
      jobs: { orderBy: { queuedAt: "desc" }, take: 1 },
      extractions: {
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { id: true, text: true, confidence: true, enginesUsed: true, pipelineVersion: true, createdAt: true },
      },
    },
  });
}

export async function listDocuments(db: TDb, ownerId: string, take = 50) {
  return db.document.findMany({
    where: { ownerId },
    orderBy: { createdAt: "desc" },
    take,
    include: { jobs: { orderBy: { queuedAt: "desc" }, take: 1, select: { id: true, status: true, lastError: true } } },
  });
}

/**
 * Stores a job's step on its row and answers the job's status, in one statement (so a worker sees a
 * cancel without reading the row again). `whileProcessing`: only a job still processing takes the
 * step, so a late step never lands on a job that completed, failed or was cancelled meanwhile.
 */
export async function reportProgress(
  db: TDb,
  jobId: string,
  progress: Record<string, unknown>,
  opts: { whileProcessing?: boolean } = {},
): Promise<string | null> {
  const guard = opts.whileProcessing ? Prisma.sql`AND status = 'processing'` : Prisma.empty;
  const [row] = await db.$queryRaw<{ status: string | null }[]>`
    WITH job AS (SELECT status FROM extraction_jobs WHERE id = ${jobId}::uuid),
         stored AS (UPDATE extraction_jobs SET progress = ${JSON.stringify(progress)}::jsonb WHERE id = ${jobId}::uuid ${guard} RETURNING 1)
    SELECT (SELECT status::text FROM job) AS status`;
  return row?.status ?? null;
}

export async function failJob(db: TDb, jobId: string, reason: string, final: boolean) {
  // Only a job still running can fail: a completed or cancelled one stays as it is (an error after
  // completion, filling a cache say, must not undo it). A job that fails for good keeps no result:
  // the local result an escalation saved to resume from is dropped with it, so a document has an
  // Extraction exactly when its job completed.
  await db.$transaction(async (tx) => {
    const failed = await tx.extractionJob.updateMany({
      where: { id: jobId, status: { in: ["pending", "processing"] } },
      data: final ? { status: "failed", finishedAt: new Date(), lastError: reason, progress: { step: "failed" } } : { status: "pending", lastError: reason },
    });
    if (final && failed.count > 0) await tx.extraction.deleteMany({ where: { jobId } });
  });
}

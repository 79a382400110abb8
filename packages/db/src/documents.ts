import { randomUUID } from "node:crypto";
import { PIPELINE_VERSION, senderKeys, type TExtractionResult } from "@docvault/core";
import type { TDb } from "./client";
import { Prisma } from "./generated/prisma/client";
import type { JobStatus } from "./generated/prisma/enums";
import { structuredOf } from "./corrections";
import { applyLearnedSender, senderFieldsOf } from "./sender-memory";

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
 * row, so it is asked once more and finds the first one's rows.
 */
export async function createDocumentWithJob(db: TDb, input: TNewDocument): Promise<{ created: boolean; document: TRecordedDocument; job: TRecordedJob }> {
  const row = (await recordOnce(db, input)) ?? (await recordOnce(db, input));
  if (!row) throw new Error("createDocumentWithJob: the document was neither found nor recorded");
  const { created, jobId, jobStatus, jobPriority, ...document } = row;
  return { created, document, job: { id: jobId, documentId: document.id, status: jobStatus, priority: jobPriority } };
}

async function recordOnce(db: TDb, input: TNewDocument): Promise<TRecordedRow | undefined> {
  const [row] = await db.$queryRaw<TRecordedRow[]>`
    WITH found AS (
      SELECT d.id, d.owner_id, d.sha256, d.original_filename, d.mime_type, d.storage_key, d.created_at, j.id AS job_id, j.status AS job_status, j.priority AS job_priority
      FROM documents d
      LEFT JOIN LATERAL (SELECT id, status, priority FROM extraction_jobs WHERE document_id = d.id ORDER BY queued_at DESC LIMIT 1) j ON true
      WHERE d.owner_id = ${input.ownerId}::uuid AND d.sha256 = ${input.sha256}::char(64)),
    doc AS (
      INSERT INTO documents (id, owner_id, sha256, original_filename, mime_type, size_bytes, storage_key)
      SELECT ${randomUUID()}::uuid, ${input.ownerId}::uuid, ${input.sha256}, ${input.originalFilename}, ${input.mimeType}, ${input.sizeBytes}::bigint, ${input.storageKey}
      WHERE NOT EXISTS (SELECT 1 FROM found)
      ON CONFLICT (owner_id, sha256) DO NOTHING
      RETURNING id, owner_id, sha256, original_filename, mime_type, storage_key, created_at),
    job AS (
      INSERT INTO extraction_jobs (id, document_id, priority)
      SELECT ${randomUUID()}::uuid, target.id, ${input.priority ?? 5}
      FROM (SELECT id FROM doc UNION ALL SELECT id FROM found WHERE job_id IS NULL) target
      RETURNING id, status, priority)
    SELECT r.id::text, r.owner_id::text AS "ownerId", r.sha256::text, r.original_filename AS "originalFilename", r.mime_type AS "mimeType",
      r.storage_key AS "storageKey", r.created_at AS "createdAt", (SELECT count(*) FROM job) > 0 AS created,
      COALESCE((SELECT id FROM job), r.job_id)::text AS "jobId", COALESCE((SELECT status FROM job), r.job_status)::text AS "jobStatus",
      COALESCE((SELECT priority FROM job), r.job_priority) AS "jobPriority"
    FROM (SELECT id, owner_id, sha256, original_filename, mime_type, storage_key, created_at, NULL::uuid AS job_id, NULL::job_status AS job_status, NULL::int AS job_priority FROM doc
          UNION ALL SELECT id, owner_id, sha256, original_filename, mime_type, storage_key, created_at, job_id, job_status, job_priority FROM found) r`;
  return row;
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

/** A job taken by a worker, with what the worker needs of its document. */
export type TClaimedJob = {
  id: string;
  documentId: string;
  status: string;
  priority: number;
  attempts: number;
  lastError: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  document: { ownerId: string; sha256: string; originalFilename: string; mimeType: string; detectedType: string | null; storageKey: string };
  /** Asked with `reuse`: the first finished extraction of the same bytes of this document under that pipeline version. */
  finished: { id: string; data: unknown } | null;
};

type TClaimRow = Omit<TClaimedJob, "document" | "finished"> & TClaimedJob["document"] & { finishedId: string | null; finishedData: unknown };

/**
 * Takes a job for a worker: moves it to processing, unless it is already finished or cancelled (a
 * redelivered job after a crash): returns null then, and the worker skips it. A new attempt is
 * counted; an escalation continues the attempt its extract job counted ("continued"), and takes
 * back a job a failed attempt left pending for its retry. One statement, on the worker's hot path:
 * it also stores the job's first step (`step`) and, asked with `reuse`, finds a finished
 * extraction of this document's bytes under that pipeline version (a retried or re-uploaded
 * document) to reuse instead of reading again.
 */
export async function claimJob(
  db: TDb,
  jobId: string,
  attempt: "new" | "continued" = "new",
  opts: { step?: Record<string, unknown>; reuse?: { pipelineVersion: string } } = {},
): Promise<TClaimedJob | null> {
  const counted = attempt === "new" ? Prisma.sql`, started_at = now(), attempts = attempts + 1` : Prisma.empty;
  const step = opts.step ? Prisma.sql`, progress = ${JSON.stringify(opts.step)}::jsonb` : Prisma.empty;
  const finished = opts.reuse
    ? Prisma.sql`LEFT JOIN LATERAL (
        SELECT e.id, e.data FROM extractions e JOIN extraction_jobs done ON done.id = e.job_id
        WHERE e.document_id = c.document_id AND e.sha256 = d.sha256 AND e.pipeline_version = ${opts.reuse.pipelineVersion} AND done.status = 'completed'
        ORDER BY e.created_at LIMIT 1) f ON true`
    : Prisma.sql`LEFT JOIN LATERAL (SELECT NULL::uuid AS id, NULL::jsonb AS data) f ON true`;
  const [row] = await db.$queryRaw<TClaimRow[]>`
    WITH c AS (
      UPDATE extraction_jobs SET status = 'processing' ${counted} ${step}
      WHERE id = ${jobId}::uuid AND status IN ('pending', 'processing')
      RETURNING id, document_id, status, priority, attempts, last_error, started_at, finished_at)
    SELECT c.id::text, c.document_id::text AS "documentId", c.status::text, c.priority, c.attempts, c.last_error AS "lastError",
      c.started_at AS "startedAt", c.finished_at AS "finishedAt", d.owner_id::text AS "ownerId", d.sha256::text,
      d.original_filename AS "originalFilename", d.mime_type AS "mimeType", d.detected_type AS "detectedType", d.storage_key AS "storageKey",
      f.id::text AS "finishedId", f.data AS "finishedData"
    FROM c JOIN documents d ON d.id = c.document_id ${finished}`;
  if (!row) return null;
  const { ownerId, sha256, originalFilename, mimeType, detectedType, storageKey, finishedId, finishedData, ...job } = row;
  return {
    ...job,
    document: { ownerId, sha256, originalFilename, mimeType, detectedType, storageKey },
    finished: finishedId ? { id: finishedId, data: finishedData } : null,
  };
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

/** The columns of an Extraction row that hold the result itself (and what it cost). */
export function extractionData(result: TExtractionResult) {
  return {
    data: result as object,
    text: result.text,
    confidence: result.confidence,
    enginesUsed: result.engines,
    pagesBilled: result.pagesBilled ?? 0,
    costUsd: result.costUsd ?? 0,
  };
}

/** The Extraction row for a job's result (one per job: callers upsert on jobId). */
export function extractionRow(job: { id: string; documentId: string; sha256: string }, result: TExtractionResult) {
  return {
    jobId: job.id,
    documentId: job.documentId,
    sha256: job.sha256,
    pipelineVersion: result.pipelineVersion ?? PIPELINE_VERSION,
    ...extractionData(result),
  };
}

/**
 * Stores the extraction and completes the job in one transaction; exactly one per job. Answers the
 * extraction's id, or null when the job was cancelled (nothing stored). The worker passes the
 * document's owner, which it has from the claim; other callers may leave it to be read here.
 */
export async function completeJob(
  db: TDb,
  job: { id: string; documentId: string; sha256: string; ownerId?: string },
  result: TExtractionResult & { classification?: { type: string } },
): Promise<string | null> {
  if (!mayLearnSender(result)) {
    const done = await completeAtOnce(db, job, result);
    if (done !== "slow") return done;
  }
  return db.$transaction(async (tx) => {
    // A cancel that lands while the engines run wins: nothing is stored for a cancelled job.
    // The row is locked so a concurrent cancel waits for this decision.
    const [current] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text AS status FROM extraction_jobs WHERE id = ${job.id}::uuid FOR UPDATE`;
    if (!current || current.status === "cancelled") return null;
    if (result.classification) {
      await tx.document.update({ where: { id: job.documentId }, data: { detectedType: result.classification.type } });
    }
    const extraction = await tx.extraction.upsert({ where: { jobId: job.id }, create: extractionRow(job, result), update: {} });
    await tx.extractionJob.update({
      where: { id: job.id },
      data: { status: "completed", finishedAt: new Date(), lastError: null, progress: { step: "done" } },
    });
    // What the owner taught for this sender (a corrected merchant) comes with the result.
    const ownerId = job.ownerId ?? (await tx.document.findUniqueOrThrow({ where: { id: job.documentId }, select: { ownerId: true } })).ownerId;
    await applyLearnedSender(tx, { extractionId: extraction.id, documentId: job.documentId, ownerId, data: extraction.data, text: extraction.text });
    return extraction.id;
  });
}

/**
 * completeJob in one statement, for a result no learned sender value can apply to (the worker's
 * usual case): the job row locked (a concurrent cancel waits, and wins if it came first), the
 * extraction inserted, the document's type and the job's completion written. "slow" when the job
 * already has an extraction row (a saved local result): nothing was written, and the transaction
 * path decides, as it reads what that row holds.
 */
async function completeAtOnce(
  db: TDb,
  job: { id: string; documentId: string; sha256: string },
  result: TExtractionResult & { classification?: { type: string } },
): Promise<string | null | "slow"> {
  const row = extractionRow(job, result);
  const [answer] = await db.$queryRaw<{ status: string | null; id: string | null }[]>`
    WITH job AS (SELECT status::text AS status FROM extraction_jobs WHERE id = ${job.id}::uuid FOR UPDATE),
    ins AS (
      INSERT INTO extractions (id, job_id, document_id, sha256, pipeline_version, data, text, confidence, engines_used, pages_billed, cost_usd)
      SELECT ${randomUUID()}::uuid, ${job.id}::uuid, ${job.documentId}::uuid, ${row.sha256}, ${row.pipelineVersion}, ${JSON.stringify(row.data)}::jsonb,
        ${row.text}, ${row.confidence}, ${row.enginesUsed}::text[], ${row.pagesBilled}, ${row.costUsd}::numeric
      FROM job WHERE job.status <> 'cancelled' AND NOT EXISTS (SELECT 1 FROM extractions WHERE job_id = ${job.id}::uuid)
      ON CONFLICT (job_id) DO NOTHING
      RETURNING id),
    typed AS (
      UPDATE documents SET detected_type = ${result.classification?.type ?? null}
      WHERE id = ${job.documentId}::uuid AND ${result.classification !== undefined} AND EXISTS (SELECT 1 FROM ins)),
    completed AS (
      UPDATE extraction_jobs SET status = 'completed', finished_at = now(), last_error = NULL, progress = '{"step":"done"}'::jsonb
      WHERE id = ${job.id}::uuid AND EXISTS (SELECT 1 FROM ins))
    SELECT (SELECT status FROM job) AS status, (SELECT id::text FROM ins) AS id`;
  if (!answer?.status || answer.status === "cancelled") return null;
  return answer.id ?? "slow";
}

/** Whether a learned sender value could apply to this result: a type with sender fields, and a text that names a sender. */
function mayLearnSender(result: TExtractionResult): boolean {
  const structured = structuredOf(result);
  return Boolean(structured && senderFieldsOf(structured.type).length > 0 && senderKeys(result.text).length > 0);
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

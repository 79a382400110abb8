import { randomUUID } from "node:crypto";
import { PIPELINE_VERSION, senderKeys, type TExtractionResult } from "@docvault/core";
import { batcherFor } from "./batch-calls";
import type { TDb } from "./client";
import { structuredOf } from "./corrections";
import { Prisma } from "./generated/prisma/client";
import { applyLearnedSender, senderFieldsOf } from "./sender-memory";

// The worker's hot path: a job taken (claimJob) and completed (completeJob). Each is one statement,
// and the calls of a busy worker (16 jobs at a time) are batched: those made while the statement
// before them runs go together in the next one (batcherFor: one batcher per database client).

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
 * document) to reuse instead of reading again. Claims made together with the same options are
 * one statement.
 */
export function claimJob(
  db: TDb,
  jobId: string,
  attempt: "new" | "continued" = "new",
  opts: { step?: Record<string, unknown>; reuse?: { pipelineVersion: string } } = {},
): Promise<TClaimedJob | null> {
  const kind = `claim ${JSON.stringify([attempt, opts.step ?? null, opts.reuse?.pipelineVersion ?? null])}`;
  return batcherFor(db, kind, (jobIds: string[]) => claimJobs(db, jobIds, attempt, opts))(jobId);
}

async function claimJobs(
  db: TDb,
  jobIds: string[],
  attempt: "new" | "continued",
  opts: { step?: Record<string, unknown>; reuse?: { pipelineVersion: string } },
): Promise<(TClaimedJob | null)[]> {
  const counted = attempt === "new" ? Prisma.sql`, started_at = now(), attempts = attempts + 1` : Prisma.empty;
  const step = opts.step ? Prisma.sql`, progress = ${JSON.stringify(opts.step)}::jsonb` : Prisma.empty;
  const finished = opts.reuse
    ? Prisma.sql`LEFT JOIN LATERAL (
        SELECT e.id, e.data FROM extractions e JOIN extraction_jobs done ON done.id = e.job_id
        WHERE e.document_id = c.document_id AND e.sha256 = d.sha256 AND e.pipeline_version = ${opts.reuse.pipelineVersion} AND done.status = 'completed'
        ORDER BY e.created_at LIMIT 1) f ON true`
    : Prisma.sql`LEFT JOIN LATERAL (SELECT NULL::uuid AS id, NULL::jsonb AS data) f ON true`;
  const rows = await db.$queryRaw<TClaimRow[]>`
    WITH c AS (
      UPDATE extraction_jobs SET status = 'processing' ${counted} ${step}
      WHERE id = ANY(${jobIds}::uuid[]) AND status IN ('pending', 'processing')
      RETURNING id, document_id, status, priority, attempts, last_error, started_at, finished_at)
    SELECT c.id::text, c.document_id::text AS "documentId", c.status::text, c.priority, c.attempts, c.last_error AS "lastError",
      c.started_at AS "startedAt", c.finished_at AS "finishedAt", d.owner_id::text AS "ownerId", d.sha256::text,
      d.original_filename AS "originalFilename", d.mime_type AS "mimeType", d.detected_type AS "detectedType", d.storage_key AS "storageKey",
      f.id::text AS "finishedId", f.data AS "finishedData"
    FROM c JOIN documents d ON d.id = c.document_id ${finished}`;
  const claimed = new Map(rows.map((row) => [row.id, row]));
  return jobIds.map((jobId) => {
    const row = claimed.get(jobId.toLowerCase());
    if (!row) return null;
    const { ownerId, sha256, originalFilename, mimeType, detectedType, storageKey, finishedId, finishedData, ...job } = row;
    return {
      ...job,
      document: { ownerId, sha256, originalFilename, mimeType, detectedType, storageKey },
      finished: finishedId ? { id: finishedId, data: finishedData } : null,
    };
  });
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
 * path decides, as it reads what that row holds. Completions made together are one statement.
 */
function completeAtOnce(
  db: TDb,
  job: { id: string; documentId: string; sha256: string },
  result: TExtractionResult & { classification?: { type: string } },
): Promise<string | null | "slow"> {
  return batcherFor(db, "complete", (completions: TCompletion[]) => completeAllAtOnce(db, completions))({ job, result });
}

type TCompletion = { job: { id: string; documentId: string; sha256: string }; result: TExtractionResult & { classification?: { type: string } } };

async function completeAllAtOnce(db: TDb, completions: TCompletion[]): Promise<(string | null | "slow")[]> {
  // A job completed twice in one batch keeps the first result, as one after the other would.
  const firsts = new Map<string, TCompletion>();
  for (const completion of completions) if (!firsts.has(completion.job.id.toLowerCase())) firsts.set(completion.job.id.toLowerCase(), completion);
  const rows = [...firsts.values()].map(({ job, result }) => {
    const row = extractionRow(job, result);
    return {
      extraction_id: randomUUID(),
      job_id: job.id,
      document_id: job.documentId,
      sha256: row.sha256,
      pipeline_version: row.pipelineVersion,
      data: row.data,
      text: row.text,
      confidence: row.confidence,
      engines_used: row.enginesUsed,
      pages_billed: row.pagesBilled,
      cost_usd: row.costUsd,
      detected_type: result.classification?.type ?? null,
    };
  });
  // The job rows are locked in the order of their ids, so two batches that share a job (a stalled
  // job redelivered to another worker) wait for each other instead of deadlocking.
  const answers = await db.$queryRaw<{ jobId: string; status: string | null; id: string | null }[]>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS i(extraction_id uuid, job_id uuid, document_id uuid, sha256 text,
        pipeline_version text, data jsonb, text text, confidence double precision, engines_used text[], pages_billed integer, cost_usd numeric,
        detected_type text)),
    job AS (SELECT id, status::text AS status FROM extraction_jobs WHERE id IN (SELECT job_id FROM input) ORDER BY id FOR UPDATE),
    ins AS (
      INSERT INTO extractions (id, job_id, document_id, sha256, pipeline_version, data, text, confidence, engines_used, pages_billed, cost_usd)
      SELECT i.extraction_id, i.job_id, i.document_id, i.sha256, i.pipeline_version, i.data, i.text, i.confidence, i.engines_used, i.pages_billed, i.cost_usd
      FROM input i JOIN job ON job.id = i.job_id
      WHERE job.status <> 'cancelled' AND NOT EXISTS (SELECT 1 FROM extractions e WHERE e.job_id = i.job_id)
      ON CONFLICT (job_id) DO NOTHING
      RETURNING id, job_id),
    typed AS (
      UPDATE documents d SET detected_type = i.detected_type FROM input i JOIN ins ON ins.job_id = i.job_id
      WHERE d.id = i.document_id AND i.detected_type IS NOT NULL),
    completed AS (
      UPDATE extraction_jobs j SET status = 'completed', finished_at = now(), last_error = NULL, progress = '{"step":"done"}'::jsonb
      FROM ins WHERE j.id = ins.job_id)
    SELECT i.job_id::text AS "jobId", job.status, ins.id::text AS id
    FROM input i LEFT JOIN job ON job.id = i.job_id LEFT JOIN ins ON ins.job_id = i.job_id`;
  const byJob = new Map(answers.map((answer) => [answer.jobId, answer]));
  return completions.map(({ job }) => {
    const answer = byJob.get(job.id.toLowerCase());
    if (!answer?.status || answer.status === "cancelled") return null;
    return answer.id ?? "slow";
  });
}

/** Whether a learned sender value could apply to this result: a type with sender fields, and a text that names a sender. */
function mayLearnSender(result: TExtractionResult): boolean {
  const structured = structuredOf(result);
  return Boolean(structured && senderFieldsOf(structured.type).length > 0 && senderKeys(result.text).length > 0);
}

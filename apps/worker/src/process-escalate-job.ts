import { SUPPORTED_TYPES, type TSupportedType } from "@docvault/core";
import { escalateToMistral, type TAnalysis, type TEscalationOptions } from "@docvault/core/engines";
import type { TBlobStore } from "@docvault/core/node";
import { completeEscalatedJob, findLocalResult, type TDb, type TResultCache } from "@docvault/db";
import { UnrecoverableError, type TExtractJob, type TProgressPublisher } from "@docvault/queue";
import { contextFromCarrier, inSpan, type TMetrics } from "@docvault/telemetry";
import type { Logger } from "pino";
import { startJobContext } from "./job-context";
import { recordFailure } from "./job-failure";
import { recordCompletion } from "./job-telemetry";
import { parsePayload, readStoredFile, rememberResult, type TJobOutcome } from "./process-extract-job";

export type TEscalateDeps = {
  db: TDb;
  store: TBlobStore;
  log: Logger;
  mistral: TEscalationOptions;
  publisher?: TProgressPublisher;
  cancelPollMs?: number;
  cache?: TResultCache;
  metrics?: TMetrics;
};

const isSupported = (type: string): type is TSupportedType => (SUPPORTED_TYPES as readonly string[]).includes(type);

/**
 * The Mistral half of an extraction: continues from the local result the extract job saved, so no
 * local engine runs again. A 429 throws RATE_LIMITED with Retry-After, which the queue turns into
 * a delay without spending an attempt.
 */
export async function processEscalateJob(job: TExtractJob, deps: TEscalateDeps): Promise<TJobOutcome> {
  const payload = parsePayload(job);
  return inSpan(
    "escalate job",
    { "docvault.job_id": payload.extractionJobId, "docvault.document_id": payload.documentId, "docvault.attempt": job.attemptsMade + 1 },
    () => runEscalateJob(job, payload, deps),
    contextFromCarrier(payload.trace),
  );
}

async function runEscalateJob(job: TExtractJob, payload: ReturnType<typeof parsePayload>, deps: TEscalateDeps): Promise<TJobOutcome> {
  const started = Date.now();
  const log = deps.log.child({ jobId: payload.extractionJobId, documentId: payload.documentId, queue: "mistral" });
  // A failed attempt that will be retried leaves the row "pending" (recordFailure): the retry must
  // take it back, not skip it. Attempts are not counted again here: the extract job counted this one.
  const claimed = await deps.db.extractionJob.updateMany({
    where: { id: payload.extractionJobId, status: { in: ["pending", "processing"] } },
    data: { status: "processing" },
  });
  const row = claimed.count ? await deps.db.extractionJob.findUnique({ where: { id: payload.extractionJobId }, include: { document: true } }) : null;
  if (!row) {
    log.info("job finished, cancelled or gone; skipped");
    return "skipped";
  }
  const ctx = startJobContext({
    db: deps.db,
    log,
    publisher: deps.publisher,
    jobId: row.id,
    documentId: row.documentId,
    pollMs: deps.cancelPollMs ?? 1_000,
    stepDelayMs: 0,
  });
  try {
    const saved = await findLocalResult(deps.db, row.id);
    if (!saved) throw new UnrecoverableError("The local result to improve with Mistral is missing; retry the document.");
    const local = saved.data as TAnalysis;
    const type = row.document.mimeType;
    if (!isSupported(type)) throw new UnrecoverableError(`The stored type ${type} cannot be sent to Mistral.`);
    await ctx.progress("escalating");
    const bytes = await readStoredFile(deps.store, row.document.storageKey);
    // The SDK's HTTP calls (fetch) are spans of their own under this one.
    const remote = await inSpan("engine mistral", { "docvault.engine": "mistral" }, () =>
      escalateToMistral({ bytes, type, local: local.document, options: deps.mistral, signal: ctx.signal }),
    );
    await ctx.checkpoint();
    // The same merge analyzeDocument does inline: Mistral's fields over the local ones, local text kept when present.
    const result: TAnalysis = {
      ...local,
      engines: [...local.engines, "mistral"],
      document: remote.document,
      classification: { type: remote.document.type, confidence: remote.document.type === local.classification.type ? local.classification.confidence : 0.8 },
      pages: local.pages.length ? local.pages : remote.pages,
      text: local.text.trim() ? local.text : remote.text,
      pagesBilled: remote.pagesBilled,
      costUsd: remote.costUsd,
    };
    await ctx.progress("structuring");
    if (!(await completeEscalatedJob(deps.db, row, result))) return "skipped";
    await rememberResult(deps, { id: row.id, sha256: row.document.sha256 });
    recordCompletion(deps.metrics, result, (Date.now() - started) / 1000, remote.tokens);
    await ctx.progress("done");
    log.info({ pagesBilled: remote.pagesBilled }, "escalated extraction completed");
    return "completed";
  } catch (error) {
    if (ctx.cancelled()) {
      await ctx.progress("cancelled");
      return "cancelled";
    }
    throw await recordFailure({ db: deps.db, log, job, jobId: row.id, ctx, error, metrics: deps.metrics, ids: { documentId: row.documentId, ownerId: row.document.ownerId } });
  } finally {
    ctx.dispose();
  }
}

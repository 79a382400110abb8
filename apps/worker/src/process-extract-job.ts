import { AppError, isAppError, ZExtractJobPayloadSchema } from "@docvault/core";
import { analyzeDocument, identityReaders, validateDocumentBytes, type TEscalationOptions } from "@docvault/core/engines";
import type { TBlobStore } from "@docvault/core/node";
import { completeJob, failJob, reportProgress, startJob, type TDb } from "@docvault/db";
import { UnrecoverableError, type TExtractJob } from "@docvault/queue";
import type { Logger } from "pino";

export type TJobDeps = {
  db: TDb;
  store: TBlobStore;
  log: Logger;
  maxFileBytes: number;
  /** Present when a Mistral key is configured. */
  mistral?: TEscalationOptions;
};
export type TJobOutcome = "completed" | "skipped";

/**
 * Reads one stored document and stores its extraction. The payload carries ids only; everything
 * else is re-read, so a redelivered job whose work is already done is skipped.
 */
export async function processExtractJob(job: TExtractJob, deps: TJobDeps): Promise<TJobOutcome> {
  const payload = ZExtractJobPayloadSchema.parse(job.data);
  const log = deps.log.child({ jobId: payload.extractionJobId, documentId: payload.documentId });
  const row = await startJob(deps.db, payload.extractionJobId);
  if (!row) {
    log.info("job already finished or cancelled; skipped");
    return "skipped";
  }
  const started = Date.now();
  try {
    const bytes = await deps.store.get(row.document.storageKey);
    await reportProgress(deps.db, row.id, { step: "validating" });
    // The deep check (page count, encryption, truncation, pixel bombs) that the upload route cannot afford.
    const { type } = await validateDocumentBytes(bytes, { limits: { maxBytes: deps.maxFileBytes } });
    const result = await analyzeDocument({
      bytes,
      type,
      readers: identityReaders,
      mistral: deps.mistral,
      onProgress: (progress) => reportProgress(deps.db, row.id, progress),
    });
    if (result.warnings.length > 0) log.warn({ warnings: result.warnings }, "optional readers failed; read without them");
    await completeJob(deps.db, { id: row.id, documentId: row.documentId, sha256: row.document.sha256 }, result);
    log.info({ ms: Date.now() - started, engines: result.engines, pages: result.pages.length }, "extraction completed");
    return "completed";
  } catch (error) {
    const reason = isAppError(error) ? error.message : "The document could not be read because of an internal error.";
    const permanent = isAppError(error) && !error.retryable;
    const attempts = job.opts.attempts ?? 1;
    const final = permanent || job.attemptsMade + 1 >= attempts;
    log.error({ err: errorSummary(error), final }, "extraction failed");
    await failJob(deps.db, row.id, reason, final);
    if (permanent) throw new UnrecoverableError(reason);
    throw error instanceof Error ? error : new AppError("INTERNAL", String(error));
  }
}

// Error messages from engines may quote document text: log the code and type, not the content.
function errorSummary(error: unknown): Record<string, string> {
  if (isAppError(error)) return { code: error.code, type: error.name };
  if (error instanceof Error) return { type: error.name, message: error.message.slice(0, 200) };
  return { type: typeof error };
}

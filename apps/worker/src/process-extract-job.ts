import { PIPELINE_VERSION, type TDocumentType, type TSupportedType } from "@docvault/core";
import {
  analyzeDocument,
  identityReaders,
  keptByPolicy,
  needsEscalation,
  pageHash,
  parseStoredAnalysis,
  typeKeptOnServer,
  validateDocumentBytes,
  type TAnalysis,
  type TPageGrey,
} from "@docvault/core/pipeline";
import type { TBlobStore } from "@docvault/core/node";
import { completeJob, findLocalResult, saveLocalResult } from "@docvault/db";
import type { TExtractJob, TExtractQueue } from "@docvault/queue";
import type { Logger } from "pino";
import { engineSpans, recordCompletion } from "./job-telemetry";
import { readStoredFile, rememberResult, runJob, type TJobOutcome, type TRunDeps } from "./run-job";

export type TJobDeps = TRunDeps & {
  store: TBlobStore;
  maxFileBytes: number;
  /** With a Mistral key: where results that need Mistral continue, the escalation threshold, and the types that may leave the server (ESCALATE_TYPES). */
  escalation?: { queue: TExtractQueue; threshold: number; types: readonly TDocumentType[] };
  stepDelayMs?: number;
  /** How long one job may read, and how many scanned pages (see JOB_TIME_BUDGET_MS, OCR_PAGE_BUDGET). */
  timeBudgetMs?: number;
  ocrPageBudget?: number;
  /** The local pipeline; benchmarks swap in a stub. */
  analyze?: typeof analyzeDocument;
};

/**
 * Reads one stored document with the local engines and stores its extraction, or hands it to the
 * Mistral queue when the local result is not good enough. The payload carries ids only; everything
 * else is re-read, so a redelivered job skips work already done: a finished job is skipped, a
 * finished extraction of the same bytes is reused, a saved local result goes straight to Mistral.
 */
export function processExtractJob(job: TExtractJob, deps: TJobDeps): Promise<TJobOutcome> {
  const frame = {
    name: "extract",
    attempt: "new",
    firstStep: "validating",
    reuse: { pipelineVersion: PIPELINE_VERSION },
    deps,
    stepDelayMs: deps.stepDelayMs,
    timeBudgetMs: deps.timeBudgetMs,
  } as const;
  return runJob(job, frame, async ({ row, ctx, log, payload }) => {
    const started = Date.now();
    const ids = { id: row.id, documentId: row.documentId, sha256: row.document.sha256, ownerId: row.document.ownerId };
    await ctx.progress("validating");
    const bytes = await readStoredFile(deps.store, row.document.storageKey);
    // The deep check (page count, encryption, truncation, pixel bombs) that the upload route cannot afford.
    const validated = await validateDocumentBytes(bytes, { limits: { maxBytes: deps.maxFileBytes } });
    const { type } = validated;
    // An image's decode for the check is the one its page hash reads.
    const hashInput = { bytes, type, firstPage: validated.kind === "image" ? validated.firstPage : undefined };
    await ctx.checkpoint();

    // A finished extraction of these bytes, found by the claim. A stored result that is not an
    // analysis (damaged) is not reused: the engines read the document again.
    const reused = row.finished ? parseStoredAnalysis(row.finished.data) : null;
    if (reused) {
      const finished = await withPageHash(reused, hashInput, log);
      const extractionId = await completeJob(deps.db, ids, finished);
      if (extractionId) {
        await rememberResult(deps, ids, extractionId);
        recordCompletion(deps.metrics, finished, (Date.now() - started) / 1000);
      }
      await ctx.progress("done");
      log.info("an extraction of these bytes exists; reused without running engines");
      return "completed";
    }
    const saved = deps.escalation ? parseStoredAnalysis((await findLocalResult(deps.db, row.id))?.data) : null;
    const spans = engineSpans();
    const analysis =
      saved ??
      (await (deps.analyze ?? analyzeDocument)({
        bytes,
        type,
        readers: identityReaders,
        signal: ctx.signal,
        ocrPageBudget: deps.ocrPageBudget,
        onProgress: (p) => {
          spans.onProgress(p);
          return ctx.engineProgress(p);
        },
      }).finally(() => spans.close()));
    const result = await withPageHash(analysis, hashInput, log);
    if (result.warnings.length > 0) log.warn({ warnings: result.warnings }, "optional readers failed; read without them");
    await ctx.checkpoint();

    const escalation = deps.escalation && needsEscalation(result.document, deps.escalation.threshold) ? deps.escalation : undefined;
    const kept = escalation ? typeKeptOnServer(result, escalation.types) : undefined;
    if (kept) {
      deps.metrics?.escalationsSkipped.inc({ reason: "policy" });
      log.info({ type: kept }, "not sent to Mistral: the type is not in ESCALATE_TYPES");
    }
    if (escalation && !kept) {
      // The local result is saved first, so the Mistral job (and a redelivery of this one) resumes from it.
      await saveLocalResult(deps.db, ids, result);
      await escalation.queue.enqueue(payload, { priority: row.priority });
      await ctx.progress("escalating");
      log.info({ ms: Date.now() - started, engines: result.engines }, "local result saved; continues on the Mistral queue");
      return "escalated";
    }
    await ctx.progress("structuring");
    const final = kept ? keptByPolicy(result, kept) : result;
    const extractionId = await completeJob(deps.db, ids, final);
    if (extractionId) {
      await rememberResult(deps, ids, extractionId);
      recordCompletion(deps.metrics, final, (Date.now() - started) / 1000);
    }
    await ctx.progress("done");
    log.info({ ms: Date.now() - started, engines: result.engines, pages: result.pages.length }, "extraction completed");
    return "completed";
  });
}

/**
 * The analysis with the hash of its first page, to find near-duplicates of it later. Taken from the
 * bytes already read; when hashing fails the analysis is kept without one: it never fails the job.
 */
async function withPageHash(
  analysis: TAnalysis,
  page: { bytes: Uint8Array; type: TSupportedType; firstPage: TPageGrey | undefined },
  log: Logger,
): Promise<TAnalysis> {
  if (analysis.pageHash) return analysis;
  try {
    const hash = await pageHash(page.bytes, page.type, page.firstPage ? { firstPage: page.firstPage } : {});
    return hash ? { ...analysis, pageHash: hash } : analysis;
  } catch (error) {
    log.warn({ err: String(error) }, "page hash not taken; stored without one");
    return analysis;
  }
}

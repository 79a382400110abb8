import { ENGINE_TABLE, JOB_PRIORITY, SUPPORTED_TYPES, type TDocumentType, type TSupportedType } from "@docvault/core";
import {
  keptByPolicy,
  keptOnServer,
  parseStoredAnalysis,
  withLocalReading,
  withRemoteReading,
  type TAnalysis,
  typeKeptOnServer,
  ZMistralOcrResultSchema,
  type TEscalationReading,
  type TEscalator,
} from "@docvault/core/pipeline";
import type { TBlobStore } from "@docvault/core/node";
import {
  completeEscalatedJob,
  deleteBatchItem,
  findBatchItem,
  findLocalResult,
  queueForBatch,
  reserveSpend,
  settleSpend,
  type TSpendBudget,
} from "@docvault/db";
import { UnrecoverableError, type TExtractJob } from "@docvault/queue";
import { inSpan } from "@docvault/telemetry";
import { errorSummary, isFinalFailure, reasonOf } from "./job-failure";
import { recordCompletion } from "./job-telemetry";
import { readStoredFile, rememberResult, runJob, type TJobOutcome, type TRunDeps } from "./run-job";

/**
 * `escalator`: where documents go (Mistral, or a language model at LLM_BASE_URL); `types`: the
 * document types that may leave the server (ESCALATE_TYPES), checked again here for jobs queued
 * before it changed; `budget`: the daily LLM budgets, fleet-wide and per user.
 */
export type TEscalateDeps = TRunDeps & {
  store: TBlobStore;
  escalator: TEscalator;
  types: readonly TDocumentType[];
  budget?: TSpendBudget;
  /** With MISTRAL_BATCH on: bulk documents go in Mistral batch jobs (mistral-batch-lane.ts), at this estimate per document. */
  batch?: { estimateUsd(pages: number): number };
};

const isSupported = (type: string): type is TSupportedType => (SUPPORTED_TYPES as readonly string[]).includes(type);

/**
 * The second half of an extraction that needs more than the local engines (Mistral, or a language
 * model): continues from the local result the extract job saved, so no local engine runs again. A 429 throws RATE_LIMITED with Retry-After, which the queue turns into
 * a delay without spending an attempt. A failed attempt that will be retried leaves the row
 * pending (recordFailure): the retry takes it back; attempts are counted by the extract job. When
 * Mistral fails for good (attempts spent, or a refusal that cannot change), the job completes with
 * the local reading and the reason on the extraction (`keptLocal`): an outage costs no document.
 */
export function processEscalateJob(job: TExtractJob, deps: TEscalateDeps): Promise<TJobOutcome> {
  return runJob(job, { name: "escalate", attempt: "continued", firstStep: "escalating", deps }, async ({ row, ctx, log }) => {
    const started = Date.now();
    const local = parseStoredAnalysis((await findLocalResult(deps.db, row.id))?.data);
    const { escalator } = deps;
    const engine = ENGINE_TABLE[escalator.engine].label;
    if (!local) throw new UnrecoverableError(`The local result to improve with ${engine} is missing; retry the document.`);
    const type = row.document.mimeType;
    if (!isSupported(type)) throw new UnrecoverableError(`The stored type ${type} cannot be sent to ${engine}.`);
    await ctx.progress("escalating");
    const finish = async (result: TAnalysis, reading: TEscalationReading | null, skipped: "policy" | "budget" | "unavailable" | null): Promise<TJobOutcome> => {
      if (skipped) deps.metrics?.escalationsSkipped.inc({ reason: skipped });
      await ctx.progress("structuring");
      if (!(await completeEscalatedJob(deps.db, row, result))) return "skipped";
      await rememberResult(deps, { id: row.id, sha256: row.document.sha256 });
      recordCompletion(deps.metrics, result, (Date.now() - started) / 1000, reading?.tokens);
      await ctx.progress("done");
      log.info({ pagesBilled: result.pagesBilled, keptLocal: skipped }, "escalated extraction completed");
      return "completed";
    };
    const ownerId = row.document.ownerId;
    // A bulk document that went in a Mistral batch: waiting still (a redelivered job), read (only
    // the structuring is left), or not read by the batch (the real-time lane below reads it).
    const item = deps.batch ? await findBatchItem(deps.db, row.id) : null;
    if (item?.status === "waiting" || item?.status === "sent") {
      log.info("in a Mistral batch; its result finishes the document");
      return "deferred";
    }
    const batchRead = item?.status === "read" ? ZMistralOcrResultSchema.safeParse(item.ocr) : undefined;
    const ocr = batchRead?.success ? batchRead.data : undefined;
    if (item && !ocr) {
      log.warn({ reason: item.reason }, "Mistral's batch did not read the document; reading it in real time");
      await settleSpend(deps.db, { ownerId, usd: -item.reservedUsd });
      await deleteBatchItem(deps.db, row.id);
    }
    /** A batch reading not used after all: what it billed stays counted, the rest of its reservation goes back. */
    const dropBatchReading = async () => {
      if (!item || !ocr) return;
      await settleSpend(deps.db, { ownerId, usd: ocr.costUsd - item.reservedUsd });
      await deleteBatchItem(deps.db, row.id);
    };

    const kept = typeKeptOnServer(local, deps.types);
    if (kept) {
      await dropBatchReading();
      return finish(keptByPolicy(local, kept), null, "policy");
    }
    // A document back from a batch that did not read it goes in real time, never in another batch.
    const toBatch = !item && deps.batch !== undefined && escalator.engine === "mistral" && row.priority <= JOB_PRIORITY.bulk;
    // Reserved when the document went in its batch; else reserved now, at the batch rate for a batch.
    const estimate =
      ocr && item ? item.reservedUsd : toBatch && deps.batch ? deps.batch.estimateUsd(local.pages.length) : escalator.estimateUsd(local.pages.length);
    if (!ocr) {
      const reservation = await reserveSpend(deps.db, { ownerId, usd: estimate, budget: deps.budget ?? {} });
      if (reservation !== "reserved") {
        const limit =
          reservation === "fleet"
            ? `the daily LLM budget of $${deps.budget?.fleetUsdPerDay ?? 0}`
            : `your daily LLM budget of $${deps.budget?.userUsdPerDay ?? 0}`;
        const variable = `LLM_BUDGET_USD_PER_${reservation === "fleet" ? "" : "USER_PER_"}DAY`;
        return finish(keptOnServer(local, `Not sent to ${engine}: ${limit} is spent (${variable}); kept the local reading.`), null, "budget");
      }
    }
    if (toBatch) {
      // Bulk work waits for the next batch job (half the price); the batch lane queues this job again with its reading.
      if (!(await queueForBatch(deps.db, { jobId: row.id, reservedUsd: estimate }))) await settleSpend(deps.db, { ownerId, usd: -estimate });
      log.info("queued for the next Mistral batch");
      return "deferred";
    }
    const bytes = escalator.readsFile && !ocr ? await readStoredFile(deps.store, row.document.storageKey) : undefined;
    let remote: TEscalationReading | null = null;
    let failure = "";
    try {
      // The SDK's HTTP calls (fetch) are spans of their own under this one.
      remote = await inSpan(`engine ${escalator.engine}`, { "docvault.engine": escalator.engine }, () =>
        escalator.escalate({ bytes, type, local, ocr, signal: ctx.signal }),
      );
    } catch (error) {
      const final = ctx.signal.aborted || isFinalFailure(job, error);
      // Nothing was billed: the reservation goes back (a retry reserves again). A batch reading
      // stays for the retry, with its reservation, until the job ends.
      if (!ocr) await settleSpend(deps.db, { ownerId, usd: -estimate });
      else if (final) await dropBatchReading();
      // Retried while attempts remain; a cancelled job stays cancelled. Once the engine has failed
      // for good, the document is not lost with it: it completes with what the local engines read.
      if (ctx.signal.aborted || !final) throw error;
      failure = reasonOf(error);
      log.warn({ err: errorSummary(error) }, "escalation failed for good; completing with the local reading");
    }
    if (remote) {
      await settleSpend(deps.db, { ownerId, usd: remote.costUsd - estimate });
      if (item) await deleteBatchItem(deps.db, row.id);
    }
    await ctx.checkpoint();
    return finish(remote ? withRemoteReading(local, remote) : withLocalReading(local, failure, escalator.engine), remote, remote ? null : "unavailable");
  });
}

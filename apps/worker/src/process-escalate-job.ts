import { SUPPORTED_TYPES, type TSupportedType } from "@docvault/core";
import { escalateToMistral, parseStoredAnalysis, withRemoteReading, type TEscalationOptions } from "@docvault/core/pipeline";
import type { TBlobStore } from "@docvault/core/node";
import { completeEscalatedJob, findLocalResult } from "@docvault/db";
import { UnrecoverableError, type TExtractJob } from "@docvault/queue";
import { inSpan } from "@docvault/telemetry";
import { recordCompletion } from "./job-telemetry";
import { readStoredFile, rememberResult, runJob, type TJobOutcome, type TRunDeps } from "./run-job";

export type TEscalateDeps = TRunDeps & { store: TBlobStore; mistral: TEscalationOptions };

const isSupported = (type: string): type is TSupportedType => (SUPPORTED_TYPES as readonly string[]).includes(type);

/**
 * The Mistral half of an extraction: continues from the local result the extract job saved, so no
 * local engine runs again. A 429 throws RATE_LIMITED with Retry-After, which the queue turns into
 * a delay without spending an attempt. A failed attempt that will be retried leaves the row
 * pending (recordFailure): the retry takes it back; attempts are counted by the extract job.
 */
export function processEscalateJob(job: TExtractJob, deps: TEscalateDeps): Promise<TJobOutcome> {
  return runJob(job, { name: "escalate", attempt: "continued", deps }, async ({ row, ctx, log }) => {
    const started = Date.now();
    const local = parseStoredAnalysis((await findLocalResult(deps.db, row.id))?.data);
    if (!local) throw new UnrecoverableError("The local result to improve with Mistral is missing; retry the document.");
    const type = row.document.mimeType;
    if (!isSupported(type)) throw new UnrecoverableError(`The stored type ${type} cannot be sent to Mistral.`);
    await ctx.progress("escalating");
    const bytes = await readStoredFile(deps.store, row.document.storageKey);
    // The SDK's HTTP calls (fetch) are spans of their own under this one.
    const remote = await inSpan("engine mistral", { "docvault.engine": "mistral" }, () =>
      escalateToMistral({ bytes, type, local: local.document, options: deps.mistral, signal: ctx.signal }),
    );
    await ctx.checkpoint();
    const result = withRemoteReading(local, remote);
    await ctx.progress("structuring");
    if (!(await completeEscalatedJob(deps.db, row, result))) return "skipped";
    await rememberResult(deps, { id: row.id, sha256: row.document.sha256 });
    recordCompletion(deps.metrics, result, (Date.now() - started) / 1000, remote.tokens);
    await ctx.progress("done");
    log.info({ pagesBilled: remote.pagesBilled }, "escalated extraction completed");
    return "completed";
  });
}

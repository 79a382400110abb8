import { z } from "zod";
import { AppError } from "../errors/app-error";

/** The one job of the skeleton: read a stored document and store its extraction. */
export const EXTRACT_JOB = "extract" as const;
export const EXTRACT_QUEUE = "docvault-extract" as const;

/** Payloads carry ids and hashes only: the worker re-reads everything else from the database. */
/**
 * W3C trace context of whoever enqueued the job (the upload request), so the worker's spans join
 * its trace. Two protocol strings, bounded: never personal data.
 */
export const ZTraceCarrierSchema = z.object({
  traceparent: z.string().regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/),
  tracestate: z.string().max(512).optional(),
});
export type TTraceCarrierPayload = z.infer<typeof ZTraceCarrierSchema>;

export const ZExtractJobPayloadSchema = z.object({
  extractionJobId: z.uuid(),
  documentId: z.uuid(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  trace: ZTraceCarrierSchema.optional(),
});
export type TExtractJobPayload = z.infer<typeof ZExtractJobPayloadSchema>;

/** 1..10, 10 highest: a person waiting on an upload goes before a bulk import. */
export const JOB_PRIORITY = { interactive: 8, default: 5, bulk: 2 } as const;

const PRIORITY_TEXT = /^(?:[1-9]|10)$/;

/**
 * A priority a caller asked for as text (the X-Priority header, a tus upload's metadata): a whole
 * number 1..10, or undefined when none was given (the server's default then applies). Anything
 * else is refused with a sentence that says what to send.
 */
export function readPriority(raw: string | null | undefined): number | undefined {
  const text = raw?.trim();
  if (text === undefined || text === "") return undefined;
  if (!PRIORITY_TEXT.test(text)) {
    throw new AppError(
      "BAD_REQUEST",
      `The priority must be a whole number from 1 to 10 (10 first; ${JOB_PRIORITY.interactive} for a person waiting, ${JOB_PRIORITY.default} by default, ${JOB_PRIORITY.bulk} for bulk imports), not "${text.slice(0, 20)}".`,
    );
  }
  return Number(text);
}

/** Tries per job (the first one included) and the first backoff; each retry waits twice as long. */
export const JOB_RETRY = { attempts: 3, backoffMs: 2_000 } as const;

/** BullMQ job id = ExtractionJob id, so a replayed enqueue is a no-op (ids contain no ':'). */
export const extractJobId = (payload: Pick<TExtractJobPayload, "extractionJobId">): string => payload.extractionJobId;

/**
 * BullMQ orders priority ascending (1 = first); docvault's scale is 1..10 with 10 highest,
 * so the queue priority is inverted here, in one place.
 */
export const toQueuePriority = (priority: number): number => 11 - Math.min(10, Math.max(1, Math.round(priority)));

// Re-exported here because the package's index lists this file only; they are part of the same contract.
export * from "./escalate-job";
export * from "./progress-event";
export * from "./webhook-job";

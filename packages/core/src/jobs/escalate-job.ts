import type { TExtractJobPayload } from "./extract-job";

/**
 * The second half of an extraction that needs Mistral: the OCR worker stores the local result and
 * queues this job on its own queue, so CPU-bound OCR and rate-limited, I/O-bound Mistral calls
 * scale on separate workers. Same payload as the extract job (ids only).
 */
export const ESCALATE_JOB = "escalate" as const;
export const MISTRAL_QUEUE = "docvault-mistral" as const;

/** One escalation per ExtractionJob; the suffix keeps it apart from the extract job's id (no ':'). */
export const escalateJobId = (payload: Pick<TExtractJobPayload, "extractionJobId">): string => `${payload.extractionJobId}-mistral`;

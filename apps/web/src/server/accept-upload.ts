import { AppError, typeFromFilename, validateFile } from "@docvault/core";
import { createDocumentWithJob } from "@docvault/db";
import type { TServices } from "./services";

export type TUploadMeta = { filename: string; declaredType: string | null; ownerId: string };
export type TUploadResult = {
  status: "accepted" | "known";
  documentId: string;
  jobId: string;
  jobStatus: string;
};

/** Keeps the last path segment, drops control characters, bounds the length. */
export function sanitiseFilename(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 200);
  return clean || "document";
}

/**
 * Streams an upload into storage while hashing it, checks the bytes, then records the document
 * and its job in one transaction and enqueues the job. Bytes that fail a check are never kept.
 */
export async function acceptUpload(
  services: TServices,
  body: AsyncIterable<Uint8Array>,
  meta: TUploadMeta,
): Promise<TUploadResult> {
  const filename = sanitiseFilename(meta.filename);
  const declaredType = meta.declaredType ?? typeFromFilename(filename);
  let detectedType = "";
  const stored = await services.store.putStream(body, {
    maxBytes: services.maxFileBytes,
    check(head, size) {
      detectedType = validateFile({ head, size, declaredType, maxBytes: services.maxFileBytes });
    },
  });
  if (!detectedType) throw new AppError("INTERNAL", "The upload was stored without being checked.");

  const { created, document, job } = await createDocumentWithJob(services.db, {
    ownerId: meta.ownerId,
    sha256: stored.sha256,
    originalFilename: filename,
    mimeType: detectedType,
    sizeBytes: stored.size,
    storageKey: stored.key,
  });
  if (created) {
    // The rows are committed first: a crash before this line leaves a pending job that a
    // start-up sweep can re-enqueue; enqueuing first could run a job with no rows.
    await services.queue.enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 });
  }
  return { status: created ? "accepted" : "known", documentId: document.id, jobId: job.id, jobStatus: job.status };
}

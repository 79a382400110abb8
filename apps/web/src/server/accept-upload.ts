import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError, typeFromFilename, validateFile, ZJobStatusSchema } from "@docvault/core";
import { createDocumentWithJob, findUpload, recordUpload, reuseExtraction, webhooksForDocument } from "@docvault/db";
import type { TServices } from "./services";

const ENQUEUE_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the queue did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export type TUploadMeta = {
  filename: string;
  declaredType: string | null;
  ownerId: string;
  /** The client's idempotency key (a UUID): the same id again answers as the first time and creates nothing. */
  uploadId?: string;
  /** The SHA-256 (lowercase hex) the client computed; the bytes are refused when the server's differs. */
  claimedSha256?: string;
  /** The job's priority (1..10, 10 first); a part split from a document keeps the original's. Default 5. */
  priority?: number;
};
/** The upload route's answer (202 accepted, 200 known); /api/openapi.json describes it from this schema. */
export const ZUploadResultSchema = z.object({
  /**
   * accepted: taken for reading (202), whether an engine will run or another upload's result of
   * the same bytes is copied: the answer never tells that someone else holds a file. known: this
   * user has these bytes already (200).
   */
  status: z.enum(["accepted", "known"]),
  documentId: z.uuid(),
  jobId: z.uuid(),
  jobStatus: ZJobStatusSchema,
  /** True when this answer repeats the one given to an earlier request with the same upload id. */
  replayed: z.boolean().optional(),
});
export type TUploadResult = z.infer<typeof ZUploadResultSchema>;

function hashMismatch(claimed: string, actual: string): AppError {
  return new AppError(
    "HASH_MISMATCH",
    `The file arrived damaged: its SHA-256 is ${actual}, the client announced ${claimed}. Nothing was kept; send the file again.`,
  );
}

/** Keeps the last path segment, drops control characters, bounds the length. */
export function sanitiseFilename(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  // Control characters (C0, DEL, C1) would split headers and logs; bidi overrides disguise an
  // extension ("evil\u202Egnp.exe" shows as "evilexe.png"). "." and ".." are not names.
  const clean = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .trim()
    .slice(0, 200);
  return clean && clean !== "." && clean !== ".." ? clean : "document";
}

/**
 * Streams an upload into storage while hashing it, checks the bytes, then records the document
 * and its job in one transaction and enqueues the job. Bytes that fail a check are never kept.
 */
export async function acceptUpload(services: TServices, body: AsyncIterable<Uint8Array>, meta: TUploadMeta): Promise<TUploadResult> {
  if (meta.uploadId) {
    // Checked before storing a byte: a replay (Background Sync, a retry after a lost answer) is not stored twice.
    const earlier = await findUpload(services.db, { ownerId: meta.ownerId, uploadId: meta.uploadId });
    if (earlier) {
      await assertSameBytes(earlier.sha256, body, meta.claimedSha256);
      return replayOf(earlier);
    }
  }
  const { result, outcome } = await storeAndRecord(services, body, meta);
  // The uploader's next list shows this document: their reads stay on the primary for a moment.
  services.reads.wrote(meta.ownerId);
  if (!meta.uploadId) return result;
  const winner = await recordUpload(services.db, {
    ownerId: meta.ownerId,
    uploadId: meta.uploadId,
    documentId: result.documentId,
    jobId: result.jobId,
    outcome,
  });
  if (winner && winner.sha256 !== (await storedSha256(services, result.documentId))) throw uploadIdConflict();
  return winner ? replayOf(winner) : result;
}

/** A replay answers as the first request did: "reused" is answered as "accepted", like everywhere. */
export function replayOf(earlier: { outcome: string; documentId: string; jobId: string; jobStatus: TUploadResult["jobStatus"] }): TUploadResult {
  const known = earlier.outcome === "known";
  return {
    status: known ? "known" : "accepted",
    documentId: earlier.documentId,
    jobId: earlier.jobId,
    jobStatus: known ? earlier.jobStatus : "pending",
    replayed: true,
  };
}

const uploadIdConflict = () =>
  new AppError(
    "UPLOAD_ID_CONFLICT",
    "This upload id was already used for a different file. Give every file its own X-Upload-Id (a new UUID) and send it again.",
  );

async function storedSha256(services: TServices, documentId: string): Promise<string | undefined> {
  return (await services.db.document.findUnique({ where: { id: documentId }, select: { sha256: true } }))?.sha256;
}

/**
 * A repeated upload id must carry the same bytes: compared with the client's claimed hash when it
 * sent one, else by hashing the body as it arrives (nothing is stored). Different bytes: 409.
 */
async function assertSameBytes(sha256: string, body: AsyncIterable<Uint8Array>, claimed: string | undefined): Promise<void> {
  if (claimed !== undefined) {
    if (claimed !== sha256) throw uploadIdConflict();
    return;
  }
  const hash = createHash("sha256");
  for await (const chunk of body) hash.update(chunk);
  if (hash.digest("hex") !== sha256) throw uploadIdConflict();
}

type TStored = { result: TUploadResult; outcome: "accepted" | "known" | "reused" };

async function storeAndRecord(services: TServices, body: AsyncIterable<Uint8Array>, meta: TUploadMeta): Promise<TStored> {
  const filename = sanitiseFilename(meta.filename);
  const declaredType = meta.declaredType ?? typeFromFilename(filename);
  let detectedType = "";
  const stored = await services.store.putStream(body, {
    maxBytes: services.maxFileBytes,
    check(head, size, sha256) {
      detectedType = validateFile({ head, size, declaredType, maxBytes: services.maxFileBytes });
      if (meta.claimedSha256 && meta.claimedSha256 !== sha256) throw hashMismatch(meta.claimedSha256, sha256);
    },
  });
  if (!detectedType) throw new AppError("INTERNAL", "The upload was stored without being checked.");
  services.metrics.bytesUploaded.inc(stored.size);

  const newDocument = {
    ownerId: meta.ownerId,
    sha256: stored.sha256,
    originalFilename: filename,
    mimeType: detectedType,
    sizeBytes: stored.size,
    storageKey: stored.key,
    ...(meta.priority === undefined ? {} : { priority: meta.priority }),
  };
  // Two requests with the same bytes at once (a double replay) get one document: the one that
  // loses the race is answered with the winner's rows.
  const { created, document, job } = await createDocumentWithJob(services.db, newDocument);
  if (!created) return { outcome: "known", result: { status: "known", documentId: document.id, jobId: job.id, jobStatus: job.status } };
  const accepted: TUploadResult = { status: "accepted", documentId: document.id, jobId: job.id, jobStatus: "pending" };
  // The server hashed these bytes itself, so a result of the same bytes may be given to this user.
  const hit = await services.cache.lookup(document.sha256);
  if (hit) {
    await reuseExtraction(services.db, { jobId: job.id, documentId: document.id }, hit.extractionId);
    await announceCompleted(services, { jobId: job.id, documentId: document.id });
    // Answered exactly as a fresh upload (status, shape, job "pending" as at acceptance): only the
    // time the job takes to complete differs.
    return { outcome: "reused", result: accepted };
  }
  // The rows are committed first: a crash before this line leaves a pending job that a start-up
  // sweep can re-enqueue; enqueuing first could run a job with no rows.
  try {
    await withTimeout(
      services.queue.enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 }, { priority: job.priority }),
      ENQUEUE_TIMEOUT_MS,
    );
  } catch (error) {
    // Accepted all the same: the row is committed as pending and the worker's outbox sweep enqueues
    // it once the queue answers again. Refusing now would make the client upload the bytes twice.
    services.log.warn({ jobId: job.id, err: error instanceof Error ? error.message : String(error) }, "enqueue failed; left to the outbox");
  }
  return { outcome: "accepted", result: accepted };
}

/**
 * A reused result completes its job here, with no worker run: the owner's webhooks hear of it as
 * of any other completed job (the worker sends the deliveries). The result is kept whatever
 * happens here; a queue that does not answer costs the deliveries, which is logged.
 */
async function announceCompleted(services: TServices, ids: { jobId: string; documentId: string }): Promise<void> {
  try {
    const hooks = await webhooksForDocument(services.db, { documentId: ids.documentId, event: "job.completed" });
    for (const hook of hooks) {
      await withTimeout(services.webhooks().enqueue({ webhookId: hook.id, event: "job.completed", ...ids }), ENQUEUE_TIMEOUT_MS);
    }
  } catch (error) {
    services.log.error({ jobId: ids.jobId, err: error instanceof Error ? error.message : String(error) }, "webhook deliveries for a reused result not queued");
  }
}

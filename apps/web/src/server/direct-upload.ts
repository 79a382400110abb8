import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError, isAppError, SUPPORTED_TYPES, typeFromFilename } from "@docvault/core";
import {
  claimDirectUpload,
  createDirectUpload,
  deleteDirectUpload,
  expiredDirectUploads,
  findDirectUpload,
  findOpenDirectUpload,
  findUpload,
  isUniqueViolation,
  markDirectUploadDone,
  type TDirectUploadRow,
} from "@docvault/db";
import { acceptUpload, replayOf, sanitiseFilename, type TUploadResult } from "./accept-upload";
import { refuseIfQueuedForAnother } from "./queued-for";
import type { TServices } from "./services";

const MiB = 1024 * 1024;
/** Below this a file is sent in one streamed request: a multipart upload costs three round trips more. */
export const DIRECT_UPLOAD_MIN_BYTES = 8 * MiB;
/** S3 wants parts of at least 5 MiB (but the last); 8 MiB keeps a 50 MB file at 7 parts. */
export const DIRECT_UPLOAD_PART_BYTES = 8 * MiB;
/** The part URLs and the upload itself expire after this; an abandoned upload is aborted then. */
export const DIRECT_UPLOAD_EXPIRY_MS = 60 * 60 * 1000;
/** A finish that died half-way leaves its row "finishing": swept this long past the expiry. */
const FINISHING_GRACE_MS = 15 * 60 * 1000;
const SWEEP_BATCH = 20;

/**
 * The user id a device queued the file for (POST /api/upload's X-Upload-User, lookupByHash's
 * queuedFor): under another account's session the upload is refused with WRONG_ACCOUNT.
 */
const ZQueuedForSchema = z.string().max(64).optional();

export const ZStartDirectInputSchema = z.object({
  filename: z.string().min(1).max(1000),
  /** The file's MIME type; from the filename's extension when absent. Checked against the bytes at finish. */
  type: z.string().max(200).optional(),
  size: z.number().int().positive(),
  /** The SHA-256 (hex) of the file the client chose; the stored object must hash to it. */
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "sha256 must be the file's SHA-256 as 64 hexadecimal characters.")
    .transform((s) => s.toLowerCase()),
  /** One UUID per file: a retried start resumes the open upload; a retried finish answers as the first. */
  uploadId: z.uuid().optional(),
  priority: z.number().int().min(1).max(10).optional(),
  queuedFor: ZQueuedForSchema,
});
export type TStartDirectInput = z.infer<typeof ZStartDirectInputSchema>;

export const ZStartDirectResultSchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("direct"),
    /** Names this upload in finishDirect. */
    uploadKey: z.uuid(),
    /** Every part but the last holds exactly this many bytes: part n is bytes [(n-1)·partSize, n·partSize). */
    partSize: z.number().int(),
    /** PUT each part's bytes to its URL (no other headers needed) and keep the ETag header it answers. */
    parts: z.array(z.object({ partNumber: z.number().int(), url: z.string() })),
    expiresAt: z.date(),
  }),
  /** Send the file to POST /api/upload instead (the store cannot take it directly, or it is small). */
  z.object({ mode: z.literal("stream") }),
]);
export type TStartDirectResult = z.infer<typeof ZStartDirectResultSchema>;

export const ZFinishDirectInputSchema = z.object({
  uploadKey: z.uuid(),
  parts: z
    .array(z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) }))
    .min(1)
    .max(10_000),
  queuedFor: ZQueuedForSchema,
});
export type TFinishDirectInput = z.infer<typeof ZFinishDirectInputSchema>;

const NO_SUCH_UPLOAD = "No such direct upload: it expired, failed, or was started by another account. Start the upload again.";
const NOT_THE_CHOSEN_FILE = "The file that reached the store is not the one you chose";
const notTheChosenFile = (what: string) => new AppError("HASH_MISMATCH", `${NOT_THE_CHOSEN_FILE} (${what}): upload it again.`);

/**
 * Offers a presigned multipart upload for a large file when the store is S3; otherwise (or for a
 * small file) answers "stream". Same scope, size limit and rate limit as POST /api/upload, checked
 * before anything is presigned.
 */
export async function startDirectUpload(svc: TServices, ownerId: string, input: TStartDirectInput): Promise<TStartDirectResult> {
  refuseIfQueuedForAnother(ownerId, input.queuedFor);
  if (input.size > svc.maxFileBytes) {
    throw new AppError("FILE_TOO_LARGE", `The file is over the ${Math.round(svc.maxFileBytes / MiB)} MB limit. Split the PDF or send a smaller photo.`);
  }
  const declaredType = input.type ?? typeFromFilename(input.filename);
  if (declaredType && !(SUPPORTED_TYPES as readonly string[]).includes(declaredType)) {
    throw new AppError("UNSUPPORTED_TYPE", `${declaredType} files cannot be read. Send a PDF, JPEG, PNG, WebP or TIFF.`);
  }
  const direct = svc.direct;
  if (!direct || input.size < DIRECT_UPLOAD_MIN_BYTES) return { mode: "stream" };
  await (await svc.rateLimits()).upload(ownerId);
  await sweepExpiredDirectUploads(svc);

  const uploadId = input.uploadId ?? randomUUID();
  const partCount = Math.ceil(input.size / DIRECT_UPLOAD_PART_BYTES);
  const existing = input.uploadId ? await findOpenDirectUpload(svc.db, { ownerId, uploadId }) : null;
  const row = existing ? sameFileOrConflict(existing, input) : await openUpload(svc, ownerId, uploadId, input, declaredType);
  const expiresInSeconds = Math.max(1, Math.floor((row.expiresAt.getTime() - Date.now()) / 1000));
  const parts = await direct.presignParts(row.stagingKey, row.s3UploadId, partCount, expiresInSeconds);
  return { mode: "direct", uploadKey: row.id, partSize: row.partSize, parts, expiresAt: row.expiresAt };
}

function sameFileOrConflict(row: TDirectUploadRow, input: TStartDirectInput): TDirectUploadRow {
  if (row.sha256 === input.sha256 && Number(row.sizeBytes) === input.size) return row;
  throw new AppError("UPLOAD_ID_CONFLICT", "This upload id is in use for a different file. Give every file its own upload id (a new UUID).");
}

async function openUpload(svc: TServices, ownerId: string, uploadId: string, input: TStartDirectInput, declaredType: string | null): Promise<TDirectUploadRow> {
  const direct = svc.direct;
  if (!direct) throw new AppError("INTERNAL", "Direct uploads are not configured.");
  const id = randomUUID();
  const stagingKey = direct.stagingKey(ownerId, id);
  const s3UploadId = await direct.begin(stagingKey);
  try {
    return await createDirectUpload(svc.db, {
      ownerId,
      uploadId,
      stagingKey,
      s3UploadId,
      filename: sanitiseFilename(input.filename),
      declaredType,
      sizeBytes: BigInt(input.size),
      sha256: input.sha256,
      partSize: DIRECT_UPLOAD_PART_BYTES,
      priority: input.priority ?? null,
      expiresAt: new Date(Date.now() + DIRECT_UPLOAD_EXPIRY_MS),
    });
  } catch (error) {
    await abortQuietly(svc, { stagingKey, s3UploadId, id });
    // Two starts with one upload id at once: the second resumes the first's upload.
    const winner = isUniqueViolation(error) ? await findOpenDirectUpload(svc.db, { ownerId, uploadId }) : null;
    if (winner) return sameFileOrConflict(winner, input);
    if (isUniqueViolation(error)) throw new AppError("UPLOAD_ID_CONFLICT", "This upload id was used before. Give every file its own upload id (a new UUID).");
    throw error;
  }
}

/**
 * Completes the multipart upload, then reads the stored object back through acceptUpload (size,
 * SHA-256 against the client's claim, type by magic bytes, dedup, record, enqueue): nothing the
 * client said is trusted. The staging object is removed whatever the outcome; a refusal records nothing.
 */
export async function finishDirectUpload(svc: TServices, ownerId: string, input: TFinishDirectInput): Promise<TUploadResult> {
  refuseIfQueuedForAnother(ownerId, input.queuedFor);
  const direct = svc.direct;
  const row = await findDirectUpload(svc.db, { id: input.uploadKey, ownerId });
  if (!direct || !row) throw new AppError("NOT_FOUND", NO_SUCH_UPLOAD);
  if (row.state === "done") return replayOfFinished(svc, row);
  assertAllParts(row, input.parts);
  if (!(await claimDirectUpload(svc.db, { id: row.id, ownerId }))) {
    const now = await findDirectUpload(svc.db, { id: row.id, ownerId });
    if (now?.state === "done") return replayOfFinished(svc, now);
    if (now?.state === "finishing") {
      throw new AppError("UNAVAILABLE", "This upload is being finished by another request. Ask again in a few seconds.", { retryAfterMs: 5_000 });
    }
    throw new AppError("NOT_FOUND", NO_SUCH_UPLOAD);
  }
  let completed = false;
  try {
    await direct.complete(row.stagingKey, row.s3UploadId, input.parts);
    completed = true;
    const size = await direct.size(row.stagingKey);
    if (size !== Number(row.sizeBytes)) throw notTheChosenFile(`it has ${size} bytes, you announced ${row.sizeBytes}`);
    const result = await acceptUpload(svc, await direct.read(row.stagingKey), {
      filename: row.filename,
      declaredType: row.declaredType,
      ownerId,
      uploadId: row.uploadId,
      claimedSha256: row.sha256,
      ...(row.priority === null ? {} : { priority: row.priority }),
    });
    await markDirectUploadDone(svc.db, row.id);
    return result;
  } catch (error) {
    await deleteDirectUpload(svc.db, row.id);
    if (!completed) await abortQuietly(svc, row);
    if (isAppError(error) && error.code === "HASH_MISMATCH" && !error.message.startsWith(NOT_THE_CHOSEN_FILE)) {
      throw notTheChosenFile(completed ? "its SHA-256 differs" : "the store holds other parts than the ones you sent");
    }
    throw error;
  } finally {
    await removeQuietly(svc, row);
  }
}

/** Every part from 1 to the count the size makes, each once; anything else is refused before the store is asked. */
function assertAllParts(row: TDirectUploadRow, parts: TFinishDirectInput["parts"]): void {
  const expected = Math.ceil(Number(row.sizeBytes) / row.partSize);
  const numbers = new Set(parts.map((p) => p.partNumber));
  if (parts.length !== expected || numbers.size !== expected || ![...numbers].every((n) => n >= 1 && n <= expected)) {
    throw new AppError("BAD_REQUEST", `Send the ETag of each of the ${expected} parts (partNumber 1 to ${expected}), each once.`);
  }
}

async function replayOfFinished(svc: TServices, row: TDirectUploadRow): Promise<TUploadResult> {
  const earlier = await findUpload(svc.db, { ownerId: row.ownerId, uploadId: row.uploadId });
  if (!earlier) throw new AppError("NOT_FOUND", NO_SUCH_UPLOAD);
  return replayOf(earlier);
}

/**
 * Aborts direct uploads past their expiry and removes their rows and staging objects. Runs at each
 * start (a few at a time), so abandoned uploads do not pile up while direct uploads are in use;
 * a lifecycle rule on the bucket (AbortIncompleteMultipartUpload) is the backstop.
 */
export async function sweepExpiredDirectUploads(svc: TServices, now = new Date()): Promise<number> {
  const rows = await expiredDirectUploads(svc.db, { now, limit: SWEEP_BATCH, finishingGraceMs: FINISHING_GRACE_MS });
  for (const row of rows) {
    if (row.state !== "done") {
      await abortQuietly(svc, row);
      await removeQuietly(svc, row);
    }
    await deleteDirectUpload(svc.db, row.id);
  }
  return rows.length;
}

async function abortQuietly(svc: TServices, row: { id: string; stagingKey: string; s3UploadId: string }): Promise<void> {
  try {
    await svc.direct?.abort(row.stagingKey, row.s3UploadId);
  } catch (error) {
    // Logged, not thrown: the refusal the client gets matters more; the bucket's lifecycle rule frees the parts.
    svc.log.warn({ directUpload: row.id, err: error instanceof Error ? error.message : String(error) }, "direct upload not aborted");
  }
}

async function removeQuietly(svc: TServices, row: { id: string; stagingKey: string }): Promise<void> {
  try {
    await svc.direct?.remove(row.stagingKey);
  } catch (error) {
    svc.log.warn({ directUpload: row.id, err: error instanceof Error ? error.message : String(error) }, "direct upload's staging object not removed");
  }
}

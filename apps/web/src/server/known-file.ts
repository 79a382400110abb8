import { z } from "zod";
import { ZJobStatusSchema } from "@docvault/core";
import { findOwnDocumentByHash, type TDb } from "@docvault/db";
import { refuseIfQueuedForAnother } from "./queued-for";

/** The question asked before an upload: the file's SHA-256, and the user a device queued it for. */
export const ZKnownFileInputSchema = z.object({
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "sha256 must be the file's SHA-256 as 64 hexadecimal characters.")
    .transform((hex) => hex.toLowerCase()),
  queuedFor: z.string().max(64).optional(),
});

/** The answer: the caller's document with these bytes and its latest job, or known false. */
export const ZKnownFileSchema = z.object({
  known: z.boolean(),
  documentId: z.uuid().nullable(),
  jobId: z.uuid().nullable(),
  jobStatus: ZJobStatusSchema.nullable(),
});
export type TKnownFile = z.infer<typeof ZKnownFileSchema>;

/**
 * Does this user have these bytes already? Only their own documents count: another user's result
 * is reused only after the bytes arrive (the server hashes them itself), so the answer never tells
 * who else holds a file. A device that queued the file for someone else is told so, as the upload
 * would be. One implementation for the tRPC procedure and the web server's fast lane.
 */
export async function lookupKnownFile(db: TDb, userId: string, input: z.infer<typeof ZKnownFileInputSchema>): Promise<TKnownFile> {
  refuseIfQueuedForAnother(userId, input.queuedFor);
  const found = await findOwnDocumentByHash(db, { ownerId: userId, sha256: input.sha256 });
  return found ? { known: true, ...found } : { known: false, documentId: null, jobId: null, jobStatus: null };
}

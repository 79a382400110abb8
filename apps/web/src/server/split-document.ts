import { z } from "zod";
import { AppError, isAppError, splitPartFilename, ZPageRangeSchema, type TPageRange } from "@docvault/core";
import { splitPdf } from "@docvault/core/node";
import { getDocumentView } from "@docvault/db";
import { acceptUpload } from "./accept-upload";
import { deleteOwnDocument, NO_SUCH_DOCUMENT } from "./delete-document";
import type { TServices } from "./services";

/** One part of a split document: a document of its own, read by its own job. */
export const ZSplitPartSchema = z.object({
  documentId: z.uuid(),
  jobId: z.uuid(),
  filename: z.string(),
  /** The original's pages this part holds (1-based, inclusive). */
  pages: ZPageRangeSchema,
  /** True when the owner already had a document with exactly these bytes (a part split before): that one is answered, nothing new is read. */
  deduplicated: z.boolean(),
});

export const ZSplitResultSchema = z.object({
  parts: z.array(ZSplitPartSchema),
  /** True when the original was deleted, after every part was kept (deleteOriginal). */
  originalDeleted: z.boolean(),
});
export type TSplitResult = z.infer<typeof ZSplitResultSchema>;

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * Splits one of the owner's PDFs by page ranges; each part takes the path an upload takes
 * (hashed, deduplicated, stored, queued) with the original's priority. The original is deleted
 * only when asked and only once every part is kept. A failure part-way keeps the original, and
 * trying again answers the parts already kept as deduplicated: the same pages give the same bytes.
 */
export async function splitDocument(
  services: TServices,
  input: { documentId: string; ownerId: string; ranges: TPageRange[]; deleteOriginal: boolean },
): Promise<TSplitResult> {
  const doc = await getDocumentView(services.db, input.documentId, input.ownerId);
  if (!doc) throw new AppError("NOT_FOUND", NO_SUCH_DOCUMENT);
  if (doc.mimeType !== "application/pdf") {
    throw new AppError(
      "BAD_REQUEST",
      `Only a PDF of several pages can be split by pages; this document is ${doc.mimeType.startsWith("image/") ? "a photo or image" : `a ${doc.mimeType} file`}. Photograph each receipt on its own and upload the photos.`,
    );
  }
  // The parts are new uploads to read: they count against the same per-minute limit, once per split.
  await (await services.rateLimits()).upload(input.ownerId);
  const parts = await splitPdf(await storedBytes(services, doc.storageKey), input.ranges);
  const priority = doc.jobs[0]?.priority;
  const kept: TSplitResult["parts"] = [];
  for (const part of parts) {
    const filename = splitPartFilename(doc.originalFilename, part.range);
    const accepted = await acceptUpload(services, once(part.bytes), {
      filename,
      declaredType: "application/pdf",
      ownerId: input.ownerId,
      ...(priority === undefined ? {} : { priority }),
    });
    kept.push({ documentId: accepted.documentId, jobId: accepted.jobId, filename, pages: part.range, deduplicated: accepted.status === "known" });
  }
  services.log.info({ documentId: doc.id, parts: kept.length, deleteOriginal: input.deleteOriginal }, "document split");
  if (!input.deleteOriginal) return { parts: kept, originalDeleted: false };
  await deleteOwnDocument(services, doc.id, input.ownerId);
  return { parts: kept, originalDeleted: true };
}

async function storedBytes(services: TServices, storageKey: string): Promise<Uint8Array> {
  try {
    return await services.store.get(storageKey);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") {
      throw new AppError("NOT_FOUND", "The stored file of this document is missing, so it cannot be split; upload it again.", { cause: error });
    }
    throw error;
  }
}

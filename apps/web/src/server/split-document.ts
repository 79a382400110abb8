import { z } from "zod";
import {
  AppError,
  isAppError,
  splitImagePartFilename,
  splitPartFilename,
  ZImageRegionSchema,
  ZPageRangeSchema,
  type TImageRegion,
  type TPageRange,
} from "@docvault/core";
import { splitImage, splitPdf, suggestImageRegions } from "@docvault/core/node";
import { getDocumentView } from "@docvault/db";
import { acceptUpload } from "./accept-upload";
import { deleteOwnDocument, NO_SUCH_DOCUMENT } from "./delete-document";
import type { TServices } from "./services";

/** One part of a split document: a document of its own, read by its own job. */
export const ZSplitPartSchema = z.object({
  documentId: z.uuid(),
  jobId: z.uuid(),
  filename: z.string(),
  /** A PDF's part: the original's pages it holds (1-based, inclusive). */
  pages: ZPageRangeSchema.optional(),
  /** A photo's part: its box in the original, in fractions of the upright photo. */
  region: ZImageRegionSchema.optional(),
  /** True when the owner already had a document with exactly these bytes (a part split before): that one is answered, nothing new is read. */
  deduplicated: z.boolean(),
});

export const ZSplitResultSchema = z.object({
  parts: z.array(ZSplitPartSchema),
  /** True when the original was deleted, after every part was kept (deleteOriginal). */
  originalDeleted: z.boolean(),
});
export type TSplitResult = z.infer<typeof ZSplitResultSchema>;

type TSplitInput = { documentId: string; ownerId: string; ranges?: TPageRange[]; regions?: TImageRegion[]; deleteOriginal: boolean };
/** A part made, before it is kept: its bytes and type, its name, and where in the original it came from. */
type TMadePart = { bytes: Uint8Array; type: string; filename: string; from: Pick<TSplitResult["parts"][number], "pages" | "region"> };

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

const kindOf = (mimeType: string) => (mimeType.startsWith("image/") ? "a photo or image" : `a ${mimeType} file`);

/**
 * Splits one of the owner's documents into several: a PDF by page ranges, a photo of several
 * receipts by boxes (regions). Each part takes the path an upload takes (hashed, deduplicated,
 * stored, queued) with the original's priority. The original is deleted only when asked and only
 * once every part is kept. A failure part-way keeps the original, and trying again answers the
 * parts already kept as deduplicated: the same pages or boxes give the same bytes.
 */
export async function splitDocument(services: TServices, input: TSplitInput): Promise<TSplitResult> {
  if ((input.ranges === undefined) === (input.regions === undefined)) {
    throw new AppError("BAD_REQUEST", "Give page ranges for a PDF or regions for a photo.");
  }
  const doc = await getDocumentView(services.db, input.documentId, input.ownerId);
  if (!doc) throw new AppError("NOT_FOUND", NO_SUCH_DOCUMENT);
  const pdf = doc.mimeType === "application/pdf";
  if (input.ranges && !pdf) {
    throw new AppError(
      "BAD_REQUEST",
      `Only a PDF of several pages can be split by pages; this document is ${kindOf(doc.mimeType)}. For a photo of several receipts, give a box (region) around each one.`,
    );
  }
  if (input.regions && !doc.mimeType.startsWith("image/")) {
    throw new AppError(
      "BAD_REQUEST",
      `Only a photo can be split by boxes; this document is ${pdf ? "a PDF: give page ranges instead" : kindOf(doc.mimeType)}.`,
    );
  }
  // The parts are new uploads to read: they count against the same per-minute limit, once per split.
  await (await services.rateLimits()).upload(input.ownerId);
  const bytes = await storedBytes(services, doc.storageKey);
  const made: TMadePart[] = input.ranges
    ? (await splitPdf(bytes, input.ranges)).map((part) => ({
        bytes: part.bytes,
        type: "application/pdf",
        filename: splitPartFilename(doc.originalFilename, part.range),
        from: { pages: part.range },
      }))
    : (await splitImage(bytes, input.regions ?? [])).map((part, i) => ({
        bytes: part.bytes,
        type: part.type,
        filename: splitImagePartFilename(doc.originalFilename, i + 1, part.type),
        from: { region: part.region },
      }));
  const priority = doc.jobs[0]?.priority;
  const kept: TSplitResult["parts"] = [];
  for (const part of made) {
    const accepted = await acceptUpload(services, once(part.bytes), {
      filename: part.filename,
      declaredType: part.type,
      ownerId: input.ownerId,
      ...(priority === undefined ? {} : { priority }),
    });
    kept.push({ documentId: accepted.documentId, jobId: accepted.jobId, filename: part.filename, ...part.from, deduplicated: accepted.status === "known" });
  }
  services.log.info({ documentId: doc.id, parts: kept.length, by: input.ranges ? "pages" : "regions", deleteOriginal: input.deleteOriginal }, "document split");
  if (!input.deleteOriginal) return { parts: kept, originalDeleted: false };
  await deleteOwnDocument(services, doc.id, input.ownerId);
  return { parts: kept, originalDeleted: true };
}

/** Boxes around the receipts a photo of the owner's seems to hold, for a person to check before splitting it. */
export async function suggestDocumentRegions(services: TServices, input: { documentId: string; ownerId: string }): Promise<TImageRegion[]> {
  const doc = await getDocumentView(services.db, input.documentId, input.ownerId);
  if (!doc) throw new AppError("NOT_FOUND", NO_SUCH_DOCUMENT);
  if (!doc.mimeType.startsWith("image/")) {
    throw new AppError(
      "BAD_REQUEST",
      `Receipts are found on a photo only; this document is ${doc.mimeType === "application/pdf" ? "a PDF" : kindOf(doc.mimeType)}.`,
    );
  }
  return suggestImageRegions(await storedBytes(services, doc.storageKey));
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

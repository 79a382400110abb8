import { z } from "zod";
import { AppError, DEFAULT_VALIDATION_LIMITS, MAX_SPLIT_PARTS, ZImageRegionSchema, ZJobStatusSchema, ZPageRangeSchema } from "@docvault/core";
import { findNearDuplicates, getDocumentView, listDocuments } from "@docvault/db";
import { deleteOwnDocument, NO_SUCH_DOCUMENT } from "../delete-document";
import { lookupKnownFile, ZKnownFileInputSchema, ZKnownFileSchema } from "../known-file";
import { splitDocument, suggestDocumentRegions, ZSplitResultSchema } from "../split-document";
import { rest } from "./rest-meta";
import { createTRPCRouter, documentsReadProcedure, documentsWriteProcedure } from "./trpc";

const ZProgressSchema = z.object({ step: z.string(), page: z.number().optional(), pages: z.number().optional() }).nullable();

/** Another of the owner's documents that looks like the same one (the same receipt photographed twice, a scan of one kept). */
const ZNearDuplicateSchema = z.object({
  documentId: z.uuid(),
  filename: z.string(),
  createdAt: z.date(),
  documentType: z.string().nullable(),
  /** Merchant, issuer or supplier, date (YYYY-MM-DD), total and currency, as corrected where a person did. */
  sender: z.string().nullable(),
  date: z.string().nullable(),
  total: z.string().nullable(),
  currency: z.string().nullable(),
  /** image: the first pages look alike and no key field differs; fields: sender, date and total are the same; both. */
  reason: z.enum(["image", "fields", "both"]),
});

export const ZDocumentViewSchema = z.object({
  id: z.uuid(),
  filename: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number(),
  createdAt: z.date(),
  job: z
    .object({
      id: z.uuid(),
      status: ZJobStatusSchema,
      lastError: z.string().nullable(),
      progress: ZProgressSchema,
    })
    .nullable(),
  extraction: z.object({ text: z.string(), confidence: z.number(), engines: z.array(z.string()), pipelineVersion: z.string() }).nullable(),
  /** Once read: the owner's other documents that look like this one, newest first; empty before. */
  nearDuplicates: z.array(ZNearDuplicateSchema),
});

const ZDocumentListItemSchema = ZDocumentViewSchema.pick({ id: true, filename: true, mimeType: true, createdAt: true }).extend({
  status: ZJobStatusSchema.nullable(),
});

const parseProgress = (value: unknown) => {
  const parsed = ZProgressSchema.safeParse(value ?? null);
  return parsed.success ? parsed.data : null;
};

export const documentsRouter = createTRPCRouter({
  get: documentsReadProcedure
    .meta(rest("GET", "/documents/{id}", "documents", "A document: its file, its job's status and progress, and its text"))
    .input(z.object({ id: z.uuid() }))
    .output(ZDocumentViewSchema)
    .query(async ({ ctx, input }) => {
      const doc = await getDocumentView(ctx.services.db, input.id, ctx.user.id);
      if (!doc) throw new AppError("NOT_FOUND", NO_SUCH_DOCUMENT);
      const job = doc.jobs[0];
      const extraction = doc.extractions[0];
      const nearDuplicates = job?.status === "completed" ? await findNearDuplicates(ctx.services.db, { documentId: doc.id, ownerId: ctx.user.id }) : [];
      return {
        id: doc.id,
        filename: doc.originalFilename,
        mimeType: doc.mimeType,
        sizeBytes: Number(doc.sizeBytes),
        createdAt: doc.createdAt,
        job: job ? { id: job.id, status: job.status, lastError: job.lastError, progress: parseProgress(job.progress) } : null,
        extraction: extraction
          ? {
              text: extraction.text,
              confidence: extraction.confidence,
              engines: extraction.enginesUsed,
              pipelineVersion: extraction.pipelineVersion,
            }
          : null,
        nearDuplicates,
      };
    }),

  /** Asked before an upload: does this user have these bytes already? (known-file.ts; served by the web server's fast lane too) */
  lookupByHash: documentsReadProcedure
    .meta(
      rest(
        "GET",
        "/documents/by-hash/{sha256}",
        "documents",
        "Whether you have a file already, by its SHA-256: ask before uploading",
        "sha256: the file's SHA-256 as 64 hexadecimal characters. known true: your document with these bytes and its latest job, as POST /api/upload would answer (status known); send nothing. known false: upload it. queuedFor (optional): the user id a device queued the file for; another account's session is answered 409 WRONG_ACCOUNT, as the upload would be.",
      ),
    )
    .input(ZKnownFileInputSchema)
    .output(ZKnownFileSchema)
    .query(({ ctx, input }) => lookupKnownFile(ctx.services.db, ctx.user.id, input)),

  /** Deletes the document with its jobs, results and cache entry; its file too when no other document uses it. */
  delete: documentsWriteProcedure
    .meta(rest("DELETE", "/documents/{id}", "documents", "Delete a document with its jobs and results"))
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ deleted: z.literal(true), fileRemoved: z.boolean() }))
    .mutation(async ({ ctx, input }) => ({ deleted: true as const, ...(await deleteOwnDocument(ctx.services, input.id, ctx.user.id)) })),

  /**
   * A PDF holding several documents (receipts scanned together) split by page ranges, or a photo
   * of several receipts split by boxes: each part is a new document, read on its own. The original
   * is kept unless deleteOriginal.
   */
  split: documentsWriteProcedure
    .meta(
      rest(
        "POST",
        "/documents/{documentId}/split",
        "documents",
        "Split a PDF by page ranges, or a photo of several receipts by boxes, into several documents",
        `Body for a PDF {"ranges":[{"from":1,"to":2},{"from":3,"to":3}],"deleteOriginal":false}: pages 1-based and inclusive, none overlapping. Body for a photo {"regions":[{"x":0.05,"y":0.1,"width":0.4,"height":0.8}]}: each box in fractions (0 to 1) of the photo as it is shown (turned upright by its EXIF orientation), within the picture and at least 5% of its width and height; a JPEG's parts are JPEGs, any other photo's PNGs (GET .../regions suggests boxes). Give ranges or regions, not both; at most ${MAX_SPLIT_PARTS} parts. Each part goes the way an upload goes (a part you already have is answered as deduplicated); the original is deleted only when deleteOriginal is true, after every part was kept.`,
      ),
    )
    .input(
      z.object({
        documentId: z.uuid(),
        // Bounded here; what the ranges or boxes mean for this file is checked with a sentence by the split.
        ranges: z.array(ZPageRangeSchema).max(DEFAULT_VALIDATION_LIMITS.maxPages).optional(),
        regions: z.array(ZImageRegionSchema).max(DEFAULT_VALIDATION_LIMITS.maxPages).optional(),
        deleteOriginal: z.boolean().default(false),
      }),
    )
    .output(ZSplitResultSchema)
    .mutation(({ ctx, input }) => splitDocument(ctx.services, { ...input, ownerId: ctx.user.id })),

  /** Boxes around the receipts a photo seems to hold (bright paper on a darker table), to check and then split by. */
  suggestRegions: documentsReadProcedure
    .meta(
      rest(
        "GET",
        "/documents/{documentId}/regions",
        "documents",
        "Suggested boxes around the receipts on a photo",
        "Pieces of bright paper on a darker background, at most 8, in reading order, as the regions POST .../split takes. Empty when nothing stands out: draw the boxes yourself.",
      ),
    )
    .input(z.object({ documentId: z.uuid() }))
    .output(z.object({ regions: z.array(ZImageRegionSchema) }))
    .query(async ({ ctx, input }) => ({ regions: await suggestDocumentRegions(ctx.services, { ...input, ownerId: ctx.user.id }) })),

  list: documentsReadProcedure
    .meta(rest("GET", "/documents", "documents", "Your documents, newest first"))
    .input(z.object({ limit: z.number().int().min(1).max(100).default(50) }).optional())
    .output(z.array(ZDocumentListItemSchema))
    .query(async ({ ctx, input }) => {
      const docs = await ctx.services.reads.read((db) => listDocuments(db, ctx.user.id, input?.limit ?? 50), { userId: ctx.user.id });
      return docs.map((doc) => ({
        id: doc.id,
        filename: doc.originalFilename,
        mimeType: doc.mimeType,
        createdAt: doc.createdAt,
        status: doc.jobs[0]?.status ?? null,
      }));
    }),
});

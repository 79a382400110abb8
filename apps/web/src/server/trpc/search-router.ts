import { z } from "zod";
import { ZDocumentTypeSchema, ZJobStatusSchema } from "@docvault/core";
import { searchDocuments } from "@docvault/db";
import { rest } from "./rest-meta";
import { createTRPCRouter, documentsReadProcedure } from "./trpc";

/** The filters search and export share (export reads them from the query string). */
export const ZSearchFiltersSchema = z.object({
  /** Words to find in filenames, text and field values; each matches as a prefix. */
  q: z.string().max(500).optional(),
  type: ZDocumentTypeSchema.optional(),
  status: ZJobStatusSchema.optional(),
  /** Uploaded at or after this instant. */
  from: z.coerce.date().optional(),
  /** Uploaded before this instant. */
  to: z.coerce.date().optional(),
});
export type TSearchFiltersInput = z.infer<typeof ZSearchFiltersSchema>;

const ZSearchHitSchema = z.object({
  documentId: z.uuid(),
  filename: z.string(),
  mimeType: z.string(),
  documentType: z.string().nullable(),
  status: ZJobStatusSchema.nullable(),
  jobId: z.uuid().nullable(),
  createdAt: z.date(),
  rank: z.number(),
});

export const searchRouter = createTRPCRouter({
  /** Full-text search over this user's documents only, with filters; `nextCursor` fetches the next page. */
  query: documentsReadProcedure
    .meta(rest("GET", "/search", "search", "Full-text search over your documents (filename, text, field values; each word a prefix)"))
    .input(
      ZSearchFiltersSchema.extend({
        limit: z.number().int().min(1).max(100).default(20),
        /** Opaque: pass back the nextCursor of the previous page. */
        cursor: z.number().int().min(0).nullish(),
      }),
    )
    .output(z.object({ items: z.array(ZSearchHitSchema), nextCursor: z.number().int().nullable() }))
    .query(async ({ ctx, input }) => {
      const offset = input.cursor ?? 0;
      const filters = { ownerId: ctx.user.id, query: input.q, documentType: input.type, status: input.status, from: input.from, to: input.to };
      const { hits, hasMore } = await ctx.services.reads.read((db) => searchDocuments(db, filters, { limit: input.limit, offset }), { userId: ctx.user.id });
      return {
        items: hits.map((hit) => ({ ...hit, status: ZJobStatusSchema.nullable().catch(null).parse(hit.status) })),
        nextCursor: hasMore ? offset + hits.length : null,
      };
    }),
});

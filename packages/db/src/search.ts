import type { TDb } from "./client";
import type { TRead } from "./read-replicas";
import { Prisma } from "./generated/prisma/client";

export type TSearchFilters = {
  ownerId: string;
  /** Words to find in the filename, text and field values; each matches as a prefix. Empty: everything. */
  query?: string | undefined;
  documentType?: string | undefined;
  /** Status of the document's latest job. */
  status?: string | undefined;
  /** Uploaded at or after / before. */
  from?: Date | undefined;
  to?: Date | undefined;
};

export type TSearchHit = {
  documentId: string;
  filename: string;
  mimeType: string;
  documentType: string | null;
  status: string | null;
  jobId: string | null;
  createdAt: Date;
  rank: number;
};

/**
 * A tsquery from what a person typed: letters and digits only (nothing they type can be tsquery
 * syntax), every word required, each as a prefix so "inv 47" finds "invoice 4711".
 */
export function toPrefixQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words
    .slice(0, 16)
    .map((w) => `${w}:*`)
    .join(" & ");
}

function whereOf(filters: TSearchFilters, tsquery: string | null): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`d.owner_id = ${filters.ownerId}::uuid`];
  if (tsquery) parts.push(Prisma.sql`d.search_vector @@ to_tsquery('simple', ${tsquery})`);
  if (filters.documentType) parts.push(Prisma.sql`d.detected_type = ${filters.documentType}`);
  if (filters.status) parts.push(Prisma.sql`j.status::text = ${filters.status}`);
  if (filters.from) parts.push(Prisma.sql`d.created_at >= ${filters.from}`);
  if (filters.to) parts.push(Prisma.sql`d.created_at < ${filters.to}`);
  return Prisma.join(parts, " AND ");
}

const LATEST_JOB = Prisma.sql`LEFT JOIN LATERAL (
    SELECT id, status FROM extraction_jobs WHERE document_id = d.id ORDER BY queued_at DESC LIMIT 1
  ) j ON true`;

type TRow = {
  id: string;
  original_filename: string;
  mime_type: string;
  detected_type: string | null;
  status: string | null;
  job_id: string | null;
  created_at: Date;
  rank: number;
};

const toHit = (r: TRow): TSearchHit => ({
  documentId: r.id,
  filename: r.original_filename,
  mimeType: r.mime_type,
  documentType: r.detected_type,
  status: r.status,
  jobId: r.job_id,
  createdAt: r.created_at,
  rank: Number(r.rank),
});

/** One page of this owner's documents matching the filters: best matches first (newest first without words). */
export async function searchDocuments(db: TDb, filters: TSearchFilters, page: { limit: number; offset: number }) {
  const tsquery = filters.query ? toPrefixQuery(filters.query) : null;
  const rank = tsquery ? Prisma.sql`ts_rank(d.search_vector, to_tsquery('simple', ${tsquery}))` : Prisma.sql`0`;
  const rows = await db.$queryRaw<TRow[]>`
    SELECT d.id::text AS id, d.original_filename, d.mime_type, d.detected_type, j.status::text AS status,
           j.id::text AS job_id, d.created_at, ${rank}::float8 AS rank
    FROM documents d ${LATEST_JOB}
    WHERE ${whereOf(filters, tsquery)}
    ORDER BY rank DESC, d.created_at DESC, d.id
    LIMIT ${page.limit + 1} OFFSET ${page.offset}`;
  return { hits: rows.slice(0, page.limit).map(toHit), hasMore: rows.length > page.limit };
}

export type TExportRow = TSearchHit & { data: unknown; text: string | null; extractionId: string | null };

/**
 * Every document of this owner matching the filters with its latest result, newest first, read in
 * batches by keyset (stable while documents are added), so an export of any size streams. Yields batches.
 */
/**
 * Each batch is its own query through `read` (a replica, falling back to the primary), so a long
 * export survives a replica that goes away between batches: the keyset carries on from the last row.
 */
export async function* exportDocuments(read: TRead, filters: TSearchFilters, batchSize = 200): AsyncGenerator<TExportRow[]> {
  const tsquery = filters.query ? toPrefixQuery(filters.query) : null;
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const keyset: Prisma.Sql = after ? Prisma.sql`AND (d.created_at, d.id) < (${after.createdAt}, ${after.id}::uuid)` : Prisma.empty;
    const rows = await read(
      (db) => db.$queryRaw<(TRow & { data: unknown; text: string | null; extraction_id: string | null })[]>`
      SELECT d.id::text AS id, d.original_filename, d.mime_type, d.detected_type, j.status::text AS status,
             j.id::text AS job_id, d.created_at, 0::float8 AS rank, e.data, e.text, e.id::text AS extraction_id
      FROM documents d ${LATEST_JOB}
      LEFT JOIN LATERAL (
        SELECT x.id, x.data, x.text FROM extractions x JOIN extraction_jobs xj ON xj.id = x.job_id
        WHERE x.document_id = d.id AND xj.status = 'completed' ORDER BY x.created_at DESC LIMIT 1
      ) e ON true
      WHERE ${whereOf(filters, tsquery)} ${keyset}
      ORDER BY d.created_at DESC, d.id DESC
      LIMIT ${batchSize}`,
    );
    if (rows.length > 0) yield rows.map((row) => ({ ...toHit(row), data: row.data, text: row.text, extractionId: row.extraction_id }));
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = { createdAt: last.created_at, id: last.id };
  }
}

/** The latest correction of each field of these extractions: extractionId -> field -> value. */
export async function correctionsFor(db: TDb, extractionIds: string[]): Promise<Map<string, Map<string, unknown>>> {
  const out = new Map<string, Map<string, unknown>>();
  if (extractionIds.length === 0) return out;
  const rows = await db.fieldCorrection.findMany({
    where: { extractionId: { in: extractionIds } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { extractionId: true, field: true, value: true },
  });
  for (const row of rows) {
    const fields = out.get(row.extractionId) ?? new Map<string, unknown>();
    fields.set(row.field, row.value);
    out.set(row.extractionId, fields);
  }
  return out;
}

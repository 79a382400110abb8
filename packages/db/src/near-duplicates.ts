import type { TDb } from "./client";
import { Prisma } from "./generated/prisma/client";

/**
 * Page hashes at most this many bits apart (of 64) are the same page: PAGE_HASH_THRESHOLD of
 * @docvault/core's page-hash.ts, where it is measured. Repeated here so the web server never loads
 * the image code; the worker's near-duplicates test checks that the two agree.
 */
export const NEAR_DUPLICATE_MAX_BITS = 10;
/** How many of the owner's latest documents are compared: enough for years of receipts, and a bounded query. */
const WINDOW = 2_000;
const MAX_RESULTS = 5;

/** The fields that say which document it is, as people see them (corrections win). */
export type TKeyFields = { sender: string | null; date: string | null; total: string | null; currency: string | null };

export type TNearDuplicate = TKeyFields & {
  documentId: string;
  filename: string;
  createdAt: Date;
  /** Its type as classified (receipt, invoice, ...), null when never classified. */
  documentType: string | null;
  /** image: the first pages look alike and no key field differs; fields: sender, date and total are all the same; both. */
  reason: "image" | "fields" | "both";
};

// Which field holds each key in the document types that have it (merchant on receipts, issuer on invoices, ...).
const KEYS: Record<keyof TKeyFields, string[]> = {
  sender: ["merchant", "issuer", "supplier"],
  date: ["date"],
  total: ["total", "amountDue"],
  currency: ["currency"],
};

/** A key's value as text: the latest correction of its field, else the extracted value; null when empty. */
function keySql(names: string[]): Prisma.Sql {
  const values = names.flatMap((name) => [Prisma.sql`c.fields -> ${name}::text`, Prisma.sql`e.fields -> ${name}::text -> 'value'`]);
  return Prisma.sql`NULLIF(btrim(COALESCE(${Prisma.join(values)}) #>> '{}'), '')`;
}

const KEY_COLUMNS = Prisma.sql`${keySql(KEYS.sender)} AS sender, ${keySql(KEYS.date)} AS date, ${keySql(KEYS.total)} AS total, ${keySql(KEYS.currency)} AS currency`;

/**
 * A document's latest completed extraction (e: its page hash and fields, each read once: the whole
 * JSON, OCR words and all, is unpacked for every reference) and the latest correction of each of its fields (c).
 */
const RESULT_OF_D = Prisma.sql`
  JOIN LATERAL (
    SELECT x.id, r."pageHash" AS page_hash, r.document -> 'fields' AS fields
    FROM extractions x CROSS JOIN LATERAL jsonb_to_record(x.data) AS r("pageHash" text, document jsonb)
    -- The job's status looked up per row (a scalar subquery is never turned into a join): the planner
    -- cannot then start from every completed job of every user, as it did on fresh statistics.
    WHERE x.document_id = d.id AND (SELECT xj.status FROM extraction_jobs xj WHERE xj.id = x.job_id) = 'completed'
    ORDER BY x.created_at DESC LIMIT 1
  ) e ON true
  LEFT JOIN LATERAL (
    SELECT jsonb_object_agg(latest.field, latest.value) AS fields FROM (
      SELECT DISTINCT ON (field) field, value FROM field_corrections WHERE extraction_id = e.id ORDER BY field, created_at DESC
    ) latest
  ) c ON true`;

const HASH = /^[0-9a-f]{64}$/;

/** The k-th of the four turns a stored page hash holds, as a bit string. */
const storedTurn = (k: number) => Prisma.sql`('x' || substr(e.page_hash, ${Prisma.raw(String(k * 16 + 1))}, 16))::bit(64)`;
const givenTurn = (hash: string, k: number) => Prisma.sql`('x' || ${hash.slice(k * 16, k * 16 + 16)}::text)::bit(64)`;

/** Bits apart of the stored page hash and `hash`, the least over the turns either holds (as hashDistance in core); null without a stored hash. */
function distanceSql(hash: string): Prisma.Sql {
  const pairs = [0, 1, 2, 3].flatMap((k) => [
    Prisma.sql`bit_count(${givenTurn(hash, 0)} # ${storedTurn(k)})`,
    Prisma.sql`bit_count(${givenTurn(hash, k)} # ${storedTurn(0)})`,
  ]);
  return Prisma.sql`CASE WHEN e.page_hash ~ '^[0-9a-f]{64}$' THEN LEAST(${Prisma.join(pairs)})::int END`;
}

type TKeyRow = { sender: string | null; date: string | null; total: string | null; currency: string | null };
type TCandidateRow = TKeyRow & { id: string; original_filename: string; created_at: Date; detected_type: string | null; distance: number | null };

/**
 * This owner's other documents that look like the same document as `documentId`: newest first, among
 * their latest WINDOW documents with a finished result. One is named when its first page hashes
 * within NEAR_DUPLICATE_MAX_BITS and no key field contradicts (a date, total or currency present on
 * both and different: the same shop's next receipt), or when sender, date and total are all present
 * and equal (a scan and a photo of one invoice can hash far apart). Empty for a document that is not
 * the owner's or not read yet; another owner's documents are never looked at.
 */
export async function findNearDuplicates(db: TDb, input: { documentId: string; ownerId: string }): Promise<TNearDuplicate[]> {
  const [target] = await db.$queryRaw<(TKeyRow & { page_hash: string | null })[]>`
    SELECT e.page_hash, ${KEY_COLUMNS}
    FROM documents d ${RESULT_OF_D}
    WHERE d.id = ${input.documentId}::uuid AND d.owner_id = ${input.ownerId}::uuid`;
  if (!target) return [];
  const hash = target.page_hash && HASH.test(target.page_hash) ? target.page_hash : null;
  if (!hash && !hasAllKeys(target)) return [];
  const rows = await db.$queryRaw<TCandidateRow[]>`
    SELECT * FROM (
      SELECT d.id::text AS id, d.original_filename, d.created_at, d.detected_type, ${KEY_COLUMNS}, ${hash ? distanceSql(hash) : Prisma.sql`NULL::int`} AS distance
      FROM (
        SELECT id, original_filename, created_at, detected_type FROM documents
        WHERE owner_id = ${input.ownerId}::uuid AND id <> ${input.documentId}::uuid
        ORDER BY created_at DESC LIMIT ${WINDOW}
      ) d ${RESULT_OF_D}
    ) k
    WHERE k.distance <= ${NEAR_DUPLICATE_MAX_BITS} OR k.date = ${target.date}
    ORDER BY k.created_at DESC, k.id`;
  const found: TNearDuplicate[] = [];
  for (const row of rows) {
    const reason = likeness(target, row);
    if (!reason) continue;
    found.push({
      documentId: row.id,
      filename: row.original_filename,
      createdAt: row.created_at,
      documentType: row.detected_type,
      sender: row.sender,
      date: row.date,
      total: row.total,
      currency: row.currency,
      reason,
    });
    if (found.length === MAX_RESULTS) break;
  }
  return found;
}

const hasAllKeys = (keys: TKeyRow): boolean => Boolean(keys.sender && keys.date && keys.total);

/** Why `row` looks like the same document as `target`, or undefined when it does not. */
function likeness(target: TKeyRow, row: TCandidateRow): TNearDuplicate["reason"] | undefined {
  if (differ(target.date, row.date) || differ(target.currency, row.currency) || differ(amountOf(target.total), amountOf(row.total))) return undefined;
  const image = row.distance !== null && row.distance <= NEAR_DUPLICATE_MAX_BITS;
  const fields = hasAllKeys(target) && hasAllKeys(row) && senderOf(target.sender) === senderOf(row.sender);
  if (image && fields) return "both";
  if (image) return "image";
  return fields ? "fields" : undefined;
}

/** Both present and not the same. */
const differ = <T>(a: T | null, b: T | null): boolean => a !== null && b !== null && a !== b;
/** "41.5", "41.50" and 41.5 are one amount. */
const amountOf = (text: string | null): string | null => (text !== null && Number.isFinite(Number(text)) ? Number(text).toFixed(4) : text);
/** "Corner Bakery" and "CORNER BAKERY." are one sender. */
const senderOf = (text: string | null): string => (text ?? "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

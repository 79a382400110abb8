import type { TDb } from "./client";
import { Prisma } from "./generated/prisma/client";

export type TStoredField = { value: unknown; confidence: number; source: unknown; method: string; grounding?: unknown };
export type TCorrection = {
  /** reverted: an undo back to the value as read (the field is unreviewed again). */
  action: "confirmed" | "corrected" | "learned" | "reverted";
  value: unknown;
  previousValue: unknown;
  correctedById: string;
  createdAt: Date;
  /** Set on an undo: the change it took back. */
  undoesId?: string | null;
};

/** The structured part of a stored extraction (`data.document`), or null when it has none. */
export function structuredOf(data: unknown): { type: string; fields: Record<string, TStoredField> } | null {
  if (typeof data !== "object" || data === null || !("document" in data)) return null;
  const doc = (data as { document: unknown }).document;
  if (typeof doc !== "object" || doc === null) return null;
  const { type, fields } = doc as { type?: unknown; fields?: unknown };
  if (typeof type !== "string" || typeof fields !== "object" || fields === null) return null;
  return { type, fields: fields as Record<string, TStoredField> };
}

/** The latest correction of each field, by field name; a field whose latest change was an undo back to its reading has none. */
function latestByField(rows: (TCorrection & { field: string })[]): Map<string, TCorrection> {
  const latest = new Map<string, TCorrection>();
  for (const { field, ...row } of rows) {
    const seen = latest.get(field);
    if (!seen || seen.createdAt <= row.createdAt) latest.set(field, row);
  }
  for (const [field, row] of latest) if (row.action === "reverted") latest.delete(field);
  return latest;
}

/** Every change of each field, oldest first: who, when, what it was before and after. */
function historyByField(rows: (TCorrection & { field: string })[]): Map<string, TCorrection[]> {
  const history = new Map<string, TCorrection[]>();
  for (const { field, ...row } of rows) history.set(field, [...(history.get(field) ?? []), row]);
  return history;
}

const correctionSelect = {
  field: true,
  action: true,
  value: true,
  previousValue: true,
  correctedById: true,
  createdAt: true,
  undoesId: true,
} as const;

/**
 * The result of this owner's document: its latest completed extraction with the latest correction
 * of each field. Null when the document is not the owner's or has no finished result yet.
 */
export async function getExtractionWithCorrections(db: TDb, documentId: string, ownerId: string) {
  const extraction = await db.extraction.findFirst({
    where: { documentId, document: { ownerId }, job: { status: "completed" } },
    orderBy: { createdAt: "desc" },
    include: { corrections: { select: correctionSelect, orderBy: { createdAt: "asc" } } },
  });
  if (!extraction) return null;
  const rows = extraction.corrections as (TCorrection & { field: string })[];
  return { extraction, structured: structuredOf(extraction.data), corrections: latestByField(rows), history: historyByField(rows) };
}

/** A field's value as people should see it: the latest correction's, else the extracted one. */
export function effectiveValue(field: TStoredField | undefined, correction: TCorrection | undefined): unknown {
  if (correction) return correction.value;
  return field?.value ?? null;
}

/**
 * Records that a person confirmed or corrected one field, with the value it had before. Never
 * updates a row: the history stays. The caller has checked the document is theirs.
 */
export async function recordCorrection(
  db: TDb,
  input: {
    extractionId: string;
    documentId: string;
    field: string;
    action: "confirmed" | "corrected" | "learned";
    value: unknown;
    previousValue: unknown;
    correctedById: string;
  },
) {
  const latest = await db.fieldCorrection.findFirst({
    where: { extractionId: input.extractionId, field: input.field },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return db.fieldCorrection.create({
    data: {
      ...input,
      // After the field's latest change (an undo may be stamped a millisecond ahead): the latest row is its state.
      createdAt: new Date(Math.max(Date.now(), (latest?.createdAt.getTime() ?? 0) + 1)),
      value: input.value === null ? Prisma.JsonNull : (input.value as Prisma.InputJsonValue),
      previousValue: input.previousValue === null ? Prisma.JsonNull : (input.previousValue as Prisma.InputJsonValue),
    },
    select: { id: true, createdAt: true },
  });
}

/**
 * Undoes the latest change of a field that is still in force, as a new change (the history keeps
 * both): the field goes back to the change before it, or to the value as read when there was none
 * (the field is then unreviewed again). Repeated, it walks back through the history. Null when
 * nothing is left to undo.
 */
export async function undoCorrection(db: TDb, input: { extractionId: string; documentId: string; field: string; extractedValue: unknown; userId: string }) {
  const rows = await db.fieldCorrection.findMany({ where: { extractionId: input.extractionId, field: input.field }, orderBy: { createdAt: "asc" } });
  const undone = new Set(rows.flatMap((r) => (r.undoesId ? [r.undoesId] : [])));
  // The changes in force, oldest first: neither an undo nor undone.
  const standing = rows.filter((r) => !r.undoesId && !undone.has(r.id));
  const latest = standing.at(-1);
  const current = rows.at(-1);
  if (!latest || !current) return null;
  const before = standing.at(-2);
  const back = before ? { action: before.action, value: before.value } : { action: "reverted", value: input.extractedValue };
  return db.fieldCorrection.create({
    data: {
      extractionId: input.extractionId,
      documentId: input.documentId,
      field: input.field,
      action: back.action,
      value: back.value === null ? Prisma.JsonNull : (back.value as Prisma.InputJsonValue),
      previousValue: current.value === null ? Prisma.JsonNull : (current.value as Prisma.InputJsonValue),
      correctedById: input.userId,
      undoesId: latest.id,
      // Strictly after the latest change, even within the same millisecond: the latest row is the field's state.
      createdAt: new Date(Math.max(Date.now(), current.createdAt.getTime() + 1)),
    },
    select: { id: true, action: true, createdAt: true },
  });
}

export type TReviewItem = {
  documentId: string;
  filename: string;
  documentType: string;
  createdAt: Date;
  /** Fields that need a person: required and missing, or read with a confidence under the threshold. */
  fields: string[];
};

/**
 * Documents of this owner whose finished result has a required field missing or a field read with
 * a confidence under the threshold, that no one has confirmed or corrected yet; newest first.
 */
export async function reviewQueue(
  db: TDb,
  input: { ownerId: string; threshold: number; requiredFields: Record<string, string[]>; limit: number; offset: number },
): Promise<TReviewItem[]> {
  const required = JSON.stringify(input.requiredFields);
  const rows = await db.$queryRaw<{ document_id: string; filename: string; doc_type: string; created_at: Date; fields: string[] }[]>`
    WITH latest AS (
      SELECT DISTINCT ON (e.document_id) e.id, e.document_id, e.data, d.original_filename, d.created_at
      FROM extractions e
      JOIN documents d ON d.id = e.document_id
      JOIN extraction_jobs j ON j.id = e.job_id
      WHERE d.owner_id = ${input.ownerId}::uuid AND j.status = 'completed'
      ORDER BY e.document_id, e.created_at DESC
    )
    SELECT l.document_id::text AS document_id, l.original_filename AS filename, l.data -> 'document' ->> 'type' AS doc_type,
           l.created_at, array_agg(f.key ORDER BY f.key) AS fields
    FROM latest l
    CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(l.data -> 'document' -> 'fields') = 'object'
                                       THEN l.data -> 'document' -> 'fields' ELSE '{}'::jsonb END) f
    WHERE (
        (jsonb_typeof(f.value -> 'value') IS DISTINCT FROM 'null' AND f.value ? 'value'
          AND (f.value ->> 'confidence')::float8 < ${input.threshold})
        OR ((f.value -> 'value' IS NULL OR jsonb_typeof(f.value -> 'value') = 'null')
          AND f.key IN (SELECT jsonb_array_elements_text(${required}::jsonb -> (l.data -> 'document' ->> 'type'))))
      )
      -- Looked at by a person unless the latest change was an undo back to the reading.
      AND COALESCE((SELECT c.action FROM field_corrections c WHERE c.extraction_id = l.id AND c.field = f.key
                    ORDER BY c.created_at DESC LIMIT 1), 'reverted') = 'reverted'
    GROUP BY l.document_id, l.original_filename, l.data -> 'document' ->> 'type', l.created_at
    ORDER BY l.created_at DESC, l.document_id
    LIMIT ${input.limit} OFFSET ${input.offset}`;
  return rows.map((r) => ({
    documentId: r.document_id,
    filename: r.filename,
    documentType: r.doc_type,
    createdAt: r.created_at,
    fields: r.fields,
  }));
}

/**
 * A person says the document is of another type: its fields, read again by that type's structurer
 * (`document`), replace the old ones in the stored result, the document's type follows, and the
 * change is kept in the history (field `$type`). Corrections are kept by field name, so those of
 * fields the new type shares (date, total) still apply.
 */
export async function changeDocumentType(
  db: TDb,
  input: { extractionId: string; documentId: string; data: unknown; document: { type: string; fields: unknown }; previousType: string; userId: string },
) {
  const data = { ...(input.data as Record<string, unknown>), document: input.document, classification: { type: input.document.type, confidence: 1 } };
  await db.$transaction([
    db.extraction.update({ where: { id: input.extractionId }, data: { data: data as Prisma.InputJsonValue } }),
    db.document.update({ where: { id: input.documentId }, data: { detectedType: input.document.type } }),
    db.fieldCorrection.create({
      data: {
        extractionId: input.extractionId,
        documentId: input.documentId,
        field: TYPE_FIELD,
        action: "corrected",
        value: input.document.type,
        previousValue: input.previousType,
        correctedById: input.userId,
      },
    }),
  ]);
}

/** The history's name for the document's type, beside its fields. */
export const TYPE_FIELD = "$type";

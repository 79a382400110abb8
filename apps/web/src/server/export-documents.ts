import { correctionsFor, exportDocuments, structuredOf, type TExportRow, type TRead, type TSearchFilters } from "@docvault/db";
import { fieldLabel } from "@docvault/core";
import { csvLine } from "./csv-cell";

export type TExportFormat = "csv" | "json";

type TExportField = { label: string; value: unknown; confidence: number; corrected: boolean };

const CSV_HEADER = ["document_id", "filename", "document_type", "status", "uploaded_at", "field", "label", "value", "confidence", "corrected"];

/** A document's fields with the latest correction of each applied (corrected ones at confidence 1). */
function fieldsOf(row: TExportRow, corrections: Map<string, Map<string, unknown>>): Record<string, TExportField> {
  const structured = structuredOf(row.data);
  const fixes = row.extractionId ? corrections.get(row.extractionId) : undefined;
  const out: Record<string, TExportField> = {};
  for (const [name, field] of Object.entries(structured?.fields ?? {})) {
    const corrected = fixes?.has(name) ?? false;
    out[name] = {
      label: structured ? fieldLabel(structured.type, name) : name,
      value: corrected ? fixes?.get(name) : (field.value ?? null),
      confidence: corrected ? 1 : field.confidence,
      corrected,
    };
  }
  return out;
}

/**
 * This owner's documents matching the filters, as CSV (one line per field, so every document type
 * fits one header) or a JSON array, produced batch by batch: memory stays flat however many there are.
 */
export async function* exportLines(read: TRead, filters: TSearchFilters, format: TExportFormat): AsyncGenerator<string> {
  let first = true;
  if (format === "csv") yield csvLine(CSV_HEADER);
  else yield "[";
  for await (const batch of exportDocuments(read, filters)) {
    const ids = batch.flatMap((row) => (row.extractionId ? [row.extractionId] : []));
    const corrections = await read((db) => correctionsFor(db, ids));
    let chunk = "";
    for (const row of batch) {
      const fields = fieldsOf(row, corrections);
      const head = [row.documentId, row.filename, row.documentType, row.status, row.createdAt.toISOString()];
      if (format === "csv") {
        const entries = Object.entries(fields);
        if (entries.length === 0) chunk += csvLine([...head, "", "", "", "", ""]);
        for (const [name, field] of entries) chunk += csvLine([...head, name, field.label, field.value, field.confidence, field.corrected]);
        continue;
      }
      chunk += `${first ? "\n" : ",\n"}${JSON.stringify({
        documentId: row.documentId,
        filename: row.filename,
        documentType: row.documentType,
        status: row.status,
        uploadedAt: row.createdAt.toISOString(),
        fields,
        text: row.text,
      })}`;
      first = false;
    }
    yield chunk;
  }
  if (format === "json") yield "\n]\n";
}

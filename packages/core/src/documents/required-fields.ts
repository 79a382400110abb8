import { DOCUMENT_TYPE_DEFINITIONS } from "./types/registry";
import type { TField } from "./field";
import type { TDocumentType, TStructuredDocument } from "./schemas";

/** Fields without which a document of a type is not useful: missing ones trigger escalation and review (each type's `required`). */
export const REQUIRED_FIELDS = Object.fromEntries(DOCUMENT_TYPE_DEFINITIONS.map((d) => [d.name, [...d.required]])) as Record<TDocumentType, string[]>;

/** Whether a document misses one of its type's required fields or holds one under `threshold`. */
export function missesRequiredField(document: TStructuredDocument, threshold: number): boolean {
  const fields = document.fields as Record<string, TField<unknown> | undefined>;
  return REQUIRED_FIELDS[document.type].some((name) => {
    const field = fields[name];
    return !field || field.value === null || field.confidence < threshold;
  });
}

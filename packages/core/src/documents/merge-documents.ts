import type { TField } from "./field";
import type { TStructuredDocument } from "./schemas";

const fieldsOf = (doc: TStructuredDocument) => doc.fields as Record<string, TField<unknown>>;

/**
 * Per field, the better of two readings of one document: a value beats none; otherwise the other
 * reading wins only when its confidence is higher by more than `margin` (the first reading is kept
 * on a near tie). Readings of different types: the second, whole.
 */
export function mergeDocuments(first: TStructuredDocument, second: TStructuredDocument, margin = 0): TStructuredDocument {
  if (first.type !== second.type) return second;
  const a = fieldsOf(first);
  const b = fieldsOf(second);
  const merged: Record<string, TField<unknown>> = {};
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[name];
    const y = b[name];
    if (!x || (y && (x.value === null || (y.value !== null && y.confidence > x.confidence + margin)))) {
      if (y) merged[name] = y;
    } else {
      merged[name] = x;
    }
  }
  return { ...first, fields: merged } as TStructuredDocument;
}

/** What the result page shows of one document, in a shape that can be kept in IndexedDB as is. */
export type TBox = { x0: number; y0: number; x1: number; y1: number };

export type TFieldView = {
  /** Path of the field in the document schema, e.g. "total" or "address". */
  key: string;
  label: string;
  /** The value as text a person reads (addresses and lists joined). */
  value: string;
  confidence: number;
  page: number | null;
  bbox: TBox | null;
  method: string;
  /** A language model's value that is nowhere on the page (likely invented): shown as such. */
  notOnPage?: boolean;
  /** Given by the owner's correction of an earlier document from the same sender ("Forget" undoes it). */
  learned?: boolean;
  /** Every change, oldest first, as text: what it was, what it became, when (ISO), and whether it was an undo. */
  history?: { action: string; from: string; to: string; at: string; undo: boolean }[];
  /** Confirmed or corrected by a person. */
  reviewed: boolean;
};

export type TPageSize = { index: number; width: number; height: number };

export type TResultView = {
  documentId: string;
  filename: string;
  mimeType: string;
  createdAt: string;
  status: string;
  documentType: string | null;
  text: string;
  confidence: number;
  engines: string[];
  /** Why the document was not sent for a better reading it needed (Mistral unavailable): the local reading was kept. */
  keptLocal?: string | null;
  /** When the document left this server for a paid engine: to whom, when (ISO), what it cost (USD). */
  sentOut?: { to: string; at: string; costUsd: number } | null;
  fields: TFieldView[];
  pages: TPageSize[];
  /** Whether the items add up, for a type with items (as corrected). */
  sumCheck?: { sum: string | null; matches: "subtotal" | "total" | "net" | null; difference: string | null } | null;
};

/**
 * Below this a field is marked for a person to check: the one threshold of the review inbox, the
 * worker's second reading and this page, REVIEW_THRESHOLD in packages/core (taken from the
 * calibration figures of `pnpm eval`). Written out here so the capture page's bundle does not
 * carry core's index; review-keys.test.ts fails if the two ever differ.
 */
export const LOW_CONFIDENCE = 0.75;

export const needsReview = (field: TFieldView): boolean => !field.reviewed && field.confidence < LOW_CONFIDENCE;

/** "dateOfBirth" -> "Date of birth". */
export function labelFor(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.]/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A field value of any schema type as the text shown and edited. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(valueText).join("\n");
  if (typeof value === "object") {
    // A line item's `source` is where it was read (page and box), shown on the page, not as text.
    return Object.entries(value as Record<string, unknown>)
      .filter(([key]) => key !== "source")
      .map(([, part]) => valueText(part))
      .filter(Boolean)
      .join(", ");
  }
  return "";
}

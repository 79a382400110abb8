import type { TClassification } from "../documents/classify-document";
import { mergeDocuments } from "../documents/merge-documents";
import { missesRequiredField } from "../documents/required-fields";
import { REVIEW_THRESHOLD } from "../documents/review-threshold";
import { documentTypeDefinition, type TStructuredDocument } from "../documents/schemas";
import type { TEngineName, TPage } from "../extraction/extraction-result";
import type { TSupportedType } from "../validation/detect-type";
import type { TEngine } from "./engines/engine";
import { isEngineFault, localOcrEngines } from "./engines/local-ocr";

/** Below this, a required field is unsure enough to ask the other local engine. */
export const SECOND_OPINION_BELOW = REVIEW_THRESHOLD;
/** The other engine's reading replaces a field only when surer by more than this (or the first has none). */
const MARGIN = 0.1;
/** Images with more pages than this (a multi-frame TIFF) are not read twice: the work per upload stays bounded. */
const MAX_PAGES = 2;

/**
 * Whether a document that word rules structured (a receipt, an invoice: a type with a structurer)
 * misses a required field or holds one under the threshold.
 */
export function isUnsure(document: TStructuredDocument): boolean {
  if (!documentTypeDefinition(document.type)?.structure) return false;
  return missesRequiredField(document, SECOND_OPINION_BELOW);
}

/**
 * A second local reading of an unsure receipt or invoice by the other OCR engine, structured the
 * same way and merged field by field: each field keeps the reading its structurer is surer of
 * (dates that exist, totals the receipt's arithmetic confirms score higher). Returns null when the
 * document is sure already, too long, or the other engine fails (the first reading stands).
 */
export async function secondOpinion(input: {
  bytes: Uint8Array;
  type: TSupportedType;
  pages: TPage[];
  engines: TEngineName[];
  document: TStructuredDocument;
  structure: (pages: TPage[]) => TStructuredDocument;
  classification: TClassification;
  signal?: AbortSignal;
  /** Where `bytes` is a photo's page warped flat: its pages' boxes back onto the photo. */
  onPhoto?: (pages: TPage[]) => TPage[];
}): Promise<{ document: TStructuredDocument; engine: TEngineName } | null> {
  // Photos and scans read by the first engine only: a PDF's text layer needs no second reading.
  if (input.type === "application/pdf" || !isUnsure(input.document) || input.pages.length > MAX_PAGES) return null;
  const [first, second] = localOcrEngines("image");
  if (!input.engines.includes(first.name)) return null;
  let other: Awaited<ReturnType<TEngine["read"]>>;
  try {
    other = await second.read({ bytes: input.bytes, type: input.type, signal: input.signal });
  } catch (error) {
    if (isEngineFault(error)) return null;
    throw error;
  }
  const byIndex = new Map((input.onPhoto ? input.onPhoto(other.pages) : other.pages).map((p) => [p.index, p]));
  const pages = input.pages.map((p) => byIndex.get(p.index) ?? p);
  const alternative = input.structure(pages);
  return { document: mergeDocuments(input.document, alternative, MARGIN), engine: other.engine };
}

import { groundModelFields } from "../documents/ground-fields";
import type { TDocumentType } from "../documents/schemas";
import { AppError } from "../errors/app-error";
import type { TPage } from "../extraction/extraction-result";
import { canonicalSchema, type TStructuredDocumentOf, valuesSchemaFor } from "./mistral/structure-schemas";

/** Enough OCR text for any single document; more only costs tokens (and a local model's context). */
const MAX_TEXT_CHARS = 60_000;

/** What every model is told, whoever serves it. */
export const FORMAT_RULES = [
  "Use null for any field the text does not show; never guess or invent a value.",
  'Dates: YYYY-MM-DD. Amounts: decimal strings with a dot, no currency symbol or thousands separator ("1234.50").',
  'Countries: ISO 3166-1 alpha-3 ("DEU"). Currencies: ISO 4217 ("EUR"). Sex: M, F or X. Heights in centimetres.',
].join("\n");

export const systemPrompt = (documentType: TDocumentType): string =>
  `You read the OCR text of a ${documentType.replace("_", " ")} and return its fields as JSON.\n${FORMAT_RULES}`;

/** The text a model reads: page breaks marked when pages are known, so it can tell front from back. */
export function documentText(input: { text: string; pages?: TPage[] }): string {
  const text = input.pages?.length ? input.pages.map((page) => `--- page ${page.index + 1} ---\n${page.text}`).join("\n\n") : input.text;
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A message's content as JSON, or undefined when it is not JSON (a refusal, a cut-off answer). */
export function jsonOf(content: unknown): unknown {
  if (typeof content !== "string") return undefined;
  try {
    return JSON.parse(content);
  } catch {
    return undefined;
  }
}

export type TModelAnswerInput<T extends TDocumentType> = {
  documentType: T;
  /** The model's JSON answer (one value per field). */
  answer: unknown;
  method: "mistral" | "llm";
  /** Who answered, for the error a person reads ("Mistral structuring", "The language model at …"). */
  who: string;
  /** What the values are grounded in: the OCR words (with boxes) and the text the model read. */
  evidence: { pages: TPage[]; text: string };
  /** Told the names of the fields whose values broke their format (never the values: they are personal data). */
  onRejected?: (fields: string[]) => void;
};

/**
 * A model's answer as a canonical document, the same for every model: each value checked against
 * its field's type (a value in the wrong format is dropped, the rest kept), then grounded on the
 * page (source, grounding, confidence), then the whole checked against the type's schema.
 */
export function documentFromModelAnswer<T extends TDocumentType>(input: TModelAnswerInput<T>): TStructuredDocumentOf<T> {
  if (!isRecord(input.answer)) {
    throw new AppError("ENGINE_FAILED", `${input.who} returned no JSON object for the document's fields.`);
  }
  const answer = input.answer;
  const fields: Record<string, unknown> = {};
  const rejected: string[] = [];
  for (const [name, schema] of Object.entries(valuesSchemaFor(input.documentType).shape)) {
    const parsed = schema.safeParse(answer[name] ?? null);
    if (!parsed.success) rejected.push(name);
    fields[name] = { value: parsed.success ? parsed.data : null, confidence: 0, source: null, method: input.method };
  }
  if (rejected.length > 0) input.onRejected?.(rejected);
  const canonical = canonicalSchema(input.documentType).safeParse({ type: input.documentType, fields });
  if (!canonical.success) {
    throw new AppError("ENGINE_FAILED", `${input.who} produced fields that do not match the document schema.`, { cause: canonical.error });
  }
  return groundModelFields(canonical.data as TStructuredDocumentOf<T>, input.evidence);
}

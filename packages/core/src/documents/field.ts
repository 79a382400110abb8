import { z } from "zod";
import { ZBBoxSchema } from "../extraction/extraction-result";

/** How a field's value was obtained; "learned": given by the owner's earlier correction for the same sender (sender-keys.ts). */
export const FIELD_METHODS = ["pdf-text", "e-invoice", "pdf417", "mrz", "ocr-rules", "mistral", "llm", "human", "learned"] as const;
export const ZFieldMethodSchema = z.enum(FIELD_METHODS);
export type TFieldMethod = z.infer<typeof ZFieldMethodSchema>;

/** Where on which page (0-based) a value was read; null when it has no place (a barcode payload, a model's answer). */
export const ZFieldSourceSchema = z.object({ page: z.number().int().min(0), bbox: ZBBoxSchema }).nullable();
export type TFieldSource = z.infer<typeof ZFieldSourceSchema>;

/**
 * What was found on the page for a language model's value (methods mistral and llm): the OCR words
 * that spell it (the source has their box), only the OCR text (read, but no place to show), or
 * nothing (likely invented; low confidence).
 */
export const GROUNDINGS = ["words", "text", "none"] as const;
export const ZGroundingSchema = z.enum(GROUNDINGS);
export type TGrounding = z.infer<typeof ZGroundingSchema>;

/** Every extracted field: its normalised value, a confidence 0..1, where it came from and how. */
export const field = <T extends z.ZodType>(value: T) =>
  z.object({
    value: value.nullable(),
    confidence: z.number().min(0).max(1),
    source: ZFieldSourceSchema,
    method: ZFieldMethodSchema,
    grounding: ZGroundingSchema.optional(),
  });
export type TField<T> = { value: T | null; confidence: number; source: TFieldSource; method: TFieldMethod; grounding?: TGrounding };

/** ISO 8601 calendar date, YYYY-MM-DD. */
export const ZIsoDateSchema = z.iso.date();
/** ISO 3166-1 alpha-3 country code (or an ICAO code such as D<< normalised to DEU, UTO for specimens). */
export const ZCountrySchema = z.string().regex(/^[A-Z]{3}$/);
/** ISO 4217 currency code. */
export const ZCurrencySchema = z.string().regex(/^[A-Z]{3}$/);
/** A decimal amount as a string ("12.50"), never a float. */
export const ZAmountSchema = z.string().regex(/^-?\d+(\.\d+)?$/);
export const ZSexSchema = z.enum(["M", "F", "X"]);

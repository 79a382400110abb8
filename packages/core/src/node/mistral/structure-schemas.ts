import { z } from "zod";
import type { TDocumentType } from "../../documents/schemas";
import {
  ZDriversLicenseSchema,
  ZIdCardSchema,
  ZInvoiceSchema,
  ZOtherSchema,
  ZPassportSchema,
  ZReceiptSchema,
} from "../../documents/schemas";

/** The canonical schema of each document type, by its `type`. */
export const CANONICAL_SCHEMAS = {
  drivers_license: ZDriversLicenseSchema,
  passport: ZPassportSchema,
  id_card: ZIdCardSchema,
  receipt: ZReceiptSchema,
  invoice: ZInvoiceSchema,
  other: ZOtherSchema,
} as const satisfies Record<TDocumentType, z.ZodObject>;

export type TStructuredDocumentOf<T extends TDocumentType> = z.infer<(typeof CANONICAL_SCHEMAS)[T]>;

/**
 * What the model is asked for: each canonical field's value type, nullable, and nothing else.
 * Confidence, source and method are docvault's judgement, not the model's, so they are not requested.
 */
export function valuesSchemaFor(type: TDocumentType): z.ZodObject<Record<string, z.ZodType>> {
  const values: Record<string, z.ZodType> = {};
  for (const [name, fieldSchema] of Object.entries(CANONICAL_SCHEMAS[type].shape.fields.shape)) {
    values[name] = fieldSchema.shape.value;
  }
  return z.object(values);
}

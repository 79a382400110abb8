import type { z } from "zod";
import { ZStructuredDocumentSchema, type TDocumentType } from "./schemas";

/**
 * The zod schema of one field's value in a document type (e.g. receipt.total: a decimal string),
 * nullable; null when the type has no such field. A person's correction is checked against it.
 */
export function fieldValueSchema(type: TDocumentType, field: string): z.ZodType | null {
  const option = ZStructuredDocumentSchema.options.find((o) => o.shape.type.value === type);
  if (!option) return null;
  const fields = option.shape.fields.shape as Record<string, z.ZodObject<{ value: z.ZodType }> | undefined>;
  if (!Object.hasOwn(fields, field)) return null;
  return fields[field]?.shape.value ?? null;
}

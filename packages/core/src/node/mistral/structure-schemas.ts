import { z } from "zod";
import { documentTypeDefinition, type TDocumentType } from "../../documents/schemas";

export type { TStructuredDocumentOf } from "../../documents/schemas";

/** The canonical schema of a registered type. */
export function canonicalSchema(type: TDocumentType): z.ZodObject<{ type: z.ZodLiteral<string>; fields: z.ZodObject<z.ZodRawShape> }> {
  const definition = documentTypeDefinition(type);
  if (!definition) throw new Error(`No document type "${type}" is registered`);
  return definition.schema;
}

/**
 * What the model is asked for: each canonical field's value type, nullable, and nothing else.
 * Confidence, source and method are docvault's judgement, not the model's, so they are not requested.
 */
export function valuesSchemaFor(type: TDocumentType): z.ZodObject<Record<string, z.ZodType>> {
  const values: Record<string, z.ZodType> = {};
  for (const [name, fieldSchema] of Object.entries(canonicalSchema(type).shape.fields.shape)) {
    values[name] = (fieldSchema as z.ZodObject<{ value: z.ZodType }>).shape.value;
  }
  return z.object(values);
}

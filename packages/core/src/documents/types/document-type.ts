import { z } from "zod";
import type { TPage } from "../../extraction/extraction-result";

/**
 * A phrase that says "this kind of document". Weight 2 for the words only this kind prints
 * (a title, a label of its own), 1 for words it shares with others; the classifier sums them.
 */
export type TCue = { pattern: RegExp; weight: number };

/** How `pnpm eval` compares a value read with its ground truth. */
export type TComparison =
  /** Letters and digits equal, ignoring case, spaces and punctuation. */
  | "text"
  /** As "text", and a company's legal form (Ltd, GmbH, ...) left out on both sides. */
  | "name"
  /** The same calendar day, the truth as printed ("25/04/2017") or ISO. */
  | "date"
  /** The same amount ("1,234.50" = "1234.5"). */
  | "amount";

/** Where `pnpm eval` scores a type: a corpus folder whose files have a JSON ground truth beside them. */
export type TEvaluation<FieldName extends string = string> = {
  /** The corpus folder (`receipts`, `utility_bills`, ...). */
  category: string;
  /** The ground-truth object of one file, when its JSON is not the object itself (an array, a wrapper). */
  truthOf?: (json: unknown) => Record<string, unknown>;
  /** Name in the report -> the field that answers it, the ground-truth key, and how they are compared. */
  fields: Record<string, { field: FieldName; truth: string; compare: TComparison }>;
};

/** The structured result of a type with these fields, written from the fields alone so a structurer can name it without a cycle. */
export type TDocumentOf<Name extends string, Shape extends z.ZodRawShape> = { type: Name; fields: z.infer<z.ZodObject<Shape>> };

type TFieldsOf<Shape extends z.ZodRawShape, Name extends string> = z.ZodObject<{ type: z.ZodLiteral<Name>; fields: z.ZodObject<Shape> }>;

/** Everything docvault knows of one kind of document: one object, registered in `registry.ts`. */
export type TDocumentTypeDefinition<Name extends string = string, Shape extends z.ZodRawShape = z.ZodRawShape> = {
  /** The stored type name (`receipt`); never renamed once documents carry it. */
  name: Name;
  /** What a person calls it ("Receipt"). */
  label: string;
  /** The canonical result: `{ type: name, fields: { <field>: field(<value schema>) } }`. */
  schema: TFieldsOf<Shape, Name>;
  /** Every field's name as the result page, the review inbox and the export show it. */
  fieldLabels: Record<keyof Shape & string, string>;
  /** Fields without which the document is not useful: missing or unsure, they bring a second reading, escalation and review. */
  required: readonly (keyof Shape & string)[];
  /** Personal documents (identity papers): their results are never reused across accounts. */
  personal: boolean;
  /**
   * Fields that name who sent the document (a receipt's merchant, an invoice's issuer): a person's
   * correction of one is remembered for that sender and given to their next document from it.
   */
  senderFields?: readonly (keyof Shape & string)[];
  /** Words of the page that say this type; a type without cues is only ever chosen by its own reader (MRZ, barcode). */
  cues: readonly TCue[];
  /** Fields from the words of the pages (text layer or OCR), by rules; without it the type is read by its own reader. */
  structure?: (pages: TPage[]) => z.infer<TFieldsOf<Shape, Name>>;
  evaluation?: TEvaluation<keyof Shape & string>;
};

/**
 * Declares a document type from its fields' schemas (each made with `field(...)`): the canonical
 * schema is built here, so a type cannot get its own shape wrong.
 */
export function defineDocumentType<const Name extends string, Shape extends z.ZodRawShape>(
  definition: Omit<TDocumentTypeDefinition<Name, Shape>, "schema" | "cues"> & { fields: Shape; cues?: readonly TCue[] },
): TDocumentTypeDefinition<Name, Shape> {
  const { fields, cues = [], ...rest } = definition;
  // The classifier counts every occurrence of a cue, so each pattern is made global once here.
  const global = cues.map((cue) => ({ ...cue, pattern: cue.pattern.global ? cue.pattern : new RegExp(cue.pattern.source, `${cue.pattern.flags}g`) }));
  return { ...rest, cues: global, schema: z.object({ type: z.literal(definition.name), fields: z.object(fields) }) };
}

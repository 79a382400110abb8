import { z } from "zod";
import { ZAmountSchema, ZCountrySchema, ZFieldSourceSchema, ZIsoDateSchema, field } from "../field";

/** The field schemas most types are made of: a text, a calendar date, an amount. */
export const textField = field(z.string());
export const dateField = field(ZIsoDateSchema);
export const amountField = field(ZAmountSchema);

export const ZAddressSchema = z.object({
  street: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: ZCountrySchema.nullable(),
});
export type TAddress = z.infer<typeof ZAddressSchema>;

export const ZLineItemSchema = z.object({
  description: z.string(),
  quantity: z.string().nullable(),
  unitPrice: ZAmountSchema.nullable(),
  amount: ZAmountSchema.nullable(),
  /** Tax rate as printed beside the item ("6", "21"), in percent. */
  taxRate: z.string().nullable().optional(),
  /** Where the item's line was read. */
  source: ZFieldSourceSchema.optional(),
});
export type TLineItem = z.infer<typeof ZLineItemSchema>;

import { z } from "zod";
import {
  ZFieldSourceSchema,
  field,
  ZAmountSchema,
  ZCountrySchema,
  ZCurrencySchema,
  ZIsoDateSchema,
  ZSexSchema,
} from "./field";

export const DOCUMENT_TYPES = ["drivers_license", "passport", "id_card", "receipt", "invoice", "other"] as const;
export const ZDocumentTypeSchema = z.enum(DOCUMENT_TYPES);
export type TDocumentType = z.infer<typeof ZDocumentTypeSchema>;

const text = field(z.string());
const date = field(ZIsoDateSchema);
const amount = field(ZAmountSchema);

export const ZAddressSchema = z.object({
  street: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: ZCountrySchema.nullable(),
});
export type TAddress = z.infer<typeof ZAddressSchema>;

export const ZDriversLicenseSchema = z.object({
  type: z.literal("drivers_license"),
  fields: z.object({
    firstName: text,
    middleName: text,
    lastName: text,
    dateOfBirth: date,
    issueDate: date,
    expiryDate: date,
    licenseNumber: text,
    address: field(ZAddressSchema),
    sex: field(ZSexSchema),
    /** Height in centimetres. */
    heightCm: field(z.number()),
    eyeColor: text,
    /** Issuing jurisdiction, e.g. "CA" or "ON". */
    jurisdiction: text,
    issuingCountry: field(ZCountrySchema),
    documentDiscriminator: text,
  }),
});

/** Passports and ICAO ID cards share the MRZ fields. */
const travelDocumentFields = {
  documentNumber: text,
  surname: text,
  givenNames: text,
  nationality: field(ZCountrySchema),
  issuingCountry: field(ZCountrySchema),
  dateOfBirth: date,
  expiryDate: date,
  sex: field(ZSexSchema),
  personalNumber: text,
  /** The MRZ lines as read (after check-digit correction). */
  mrz: field(z.array(z.string())),
  /** True when every MRZ check digit agrees. */
  mrzValid: field(z.boolean()),
};

export const ZPassportSchema = z.object({ type: z.literal("passport"), fields: z.object(travelDocumentFields) });
export const ZIdCardSchema = z.object({ type: z.literal("id_card"), fields: z.object(travelDocumentFields) });

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

export const ZReceiptSchema = z.object({
  type: z.literal("receipt"),
  fields: z.object({
    merchant: text,
    address: text,
    date: date,
    total: amount,
    currency: field(ZCurrencySchema),
    tax: amount,
    lineItems: field(z.array(ZLineItemSchema)),
  }),
});

export const ZInvoiceSchema = z.object({
  type: z.literal("invoice"),
  fields: z.object({
    issuer: text,
    invoiceNumber: text,
    date: date,
    dueDate: date,
    /** Amount before tax. */
    net: amount,
    total: amount,
    currency: field(ZCurrencySchema),
    tax: amount,
    /** The issuer's VAT identification number, as printed without spaces ("NL810433941B01"). */
    vatId: text,
    /** The issuer's IBAN, checked with its ISO 13616 mod-97 check digits. */
    iban: text,
    lineItems: field(z.array(ZLineItemSchema)),
  }),
});

export const ZOtherSchema = z.object({ type: z.literal("other"), fields: z.object({ title: text }) });

/** The structured result of any document: a discriminated union on `type`. */
export const ZStructuredDocumentSchema = z.discriminatedUnion("type", [
  ZDriversLicenseSchema,
  ZPassportSchema,
  ZIdCardSchema,
  ZReceiptSchema,
  ZInvoiceSchema,
  ZOtherSchema,
]);
export type TStructuredDocument = z.infer<typeof ZStructuredDocumentSchema>;
export type TDriversLicense = z.infer<typeof ZDriversLicenseSchema>;
export type TPassport = z.infer<typeof ZPassportSchema>;
export type TIdCard = z.infer<typeof ZIdCardSchema>;
export type TReceipt = z.infer<typeof ZReceiptSchema>;
export type TInvoice = z.infer<typeof ZInvoiceSchema>;

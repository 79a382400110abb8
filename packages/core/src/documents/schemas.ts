import { z } from "zod";
import type { TDocumentTypeDefinition } from "./types/document-type";
import { driversLicenseType, idCardType, passportType } from "./types/identity/identity-types";
import { invoiceType } from "./types/invoice/invoice-type";
import { receiptType } from "./types/receipt/receipt-type";
import { DOCUMENT_TYPE_DEFINITIONS } from "./types/registry";

export { ZAddressSchema, ZLineItemSchema, type TAddress, type TLineItem } from "./types/shared-fields";

type TDefinitions = typeof DOCUMENT_TYPE_DEFINITIONS;
// Element by element over the registry's tuple (a mapped type over a generic tuple maps its members only).
type TNamesOf<T extends readonly unknown[]> = { [K in keyof T]: T[K] extends { name: infer N } ? N : never };
type TSchemasOf<T extends readonly unknown[]> = { [K in keyof T]: T[K] extends { schema: infer S } ? S : never };
export type TDocumentType = TDefinitions[number]["name"];

/** The registered types' names, in the registry's order. */
export const DOCUMENT_TYPES = DOCUMENT_TYPE_DEFINITIONS.map((d) => d.name) as unknown as TNamesOf<TDefinitions>;
export const ZDocumentTypeSchema = z.enum(DOCUMENT_TYPES);

/** The structured result of any document: a discriminated union on `type`, one member per registered type. */
export const ZStructuredDocumentSchema = z.discriminatedUnion("type", DOCUMENT_TYPE_DEFINITIONS.map((d) => d.schema) as unknown as TSchemasOf<TDefinitions>);
export type TStructuredDocument = z.infer<typeof ZStructuredDocumentSchema>;
/** The structured result of one type. */
export type TStructuredDocumentOf<T extends TDocumentType> = Extract<TStructuredDocument, { type: T }>;

const BY_NAME = new Map<string, TDocumentTypeDefinition>(DOCUMENT_TYPE_DEFINITIONS.map((d) => [d.name, d as unknown as TDocumentTypeDefinition]));

/** A registered type's definition by name (a stored row's type included); undefined for a name no longer registered. */
export const documentTypeDefinition = (name: string): TDocumentTypeDefinition | undefined => BY_NAME.get(name);

/** A type's label ("Driver's licence") and each field's, for the UI and the export; the name itself for unknown ones. */
export const documentTypeLabel = (name: string): string => documentTypeDefinition(name)?.label ?? name;
export function fieldLabel(type: string, field: string): string {
  const labels = documentTypeDefinition(type)?.fieldLabels as Record<string, string> | undefined;
  return labels?.[field] ?? field;
}

export const ZDriversLicenseSchema = driversLicenseType.schema;
export const ZPassportSchema = passportType.schema;
export const ZIdCardSchema = idCardType.schema;
export const ZReceiptSchema = receiptType.schema;
export const ZInvoiceSchema = invoiceType.schema;
export type TDriversLicense = TStructuredDocumentOf<"drivers_license">;
export type TPassport = TStructuredDocumentOf<"passport">;
export type TIdCard = TStructuredDocumentOf<"id_card">;
export type TReceipt = TStructuredDocumentOf<"receipt">;
export type TInvoice = TStructuredDocumentOf<"invoice">;

import type { TDocumentType } from "./schemas";

/** Fields without which a document of a type is not useful: missing ones trigger escalation and review. */
export const REQUIRED_FIELDS: Record<TDocumentType, string[]> = {
  receipt: ["merchant", "date", "total"],
  invoice: ["issuer", "invoiceNumber", "date", "total"],
  passport: ["documentNumber", "surname", "dateOfBirth", "expiryDate"],
  id_card: ["documentNumber", "surname", "dateOfBirth", "expiryDate"],
  drivers_license: ["lastName", "dateOfBirth", "licenseNumber", "expiryDate"],
  other: [],
};

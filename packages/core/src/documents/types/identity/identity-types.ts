import { z } from "zod";
import { ZCountrySchema, ZSexSchema, field } from "../../field";
import { defineDocumentType } from "../document-type";
import { ZAddressSchema, dateField, textField } from "../shared-fields";

// Identity documents are read by their machine-readable parts (the PDF417 barcode of a driver's
// licence, the MRZ of a passport or ID card), never by word rules: they have no cues nor structurer.

export const driversLicenseType = defineDocumentType({
  name: "drivers_license",
  label: "Driver's licence",
  personal: true,
  fields: {
    firstName: textField,
    middleName: textField,
    lastName: textField,
    dateOfBirth: dateField,
    issueDate: dateField,
    expiryDate: dateField,
    licenseNumber: textField,
    address: field(ZAddressSchema),
    sex: field(ZSexSchema),
    /** Height in centimetres. */
    heightCm: field(z.number()),
    eyeColor: textField,
    /** Issuing jurisdiction, e.g. "CA" or "ON". */
    jurisdiction: textField,
    issuingCountry: field(ZCountrySchema),
    documentDiscriminator: textField,
  },
  fieldLabels: {
    firstName: "First name",
    middleName: "Middle name",
    lastName: "Last name",
    dateOfBirth: "Date of birth",
    issueDate: "Issued",
    expiryDate: "Expires",
    licenseNumber: "Licence number",
    address: "Address",
    sex: "Sex",
    heightCm: "Height (cm)",
    eyeColor: "Eye colour",
    jurisdiction: "Jurisdiction",
    issuingCountry: "Issuing country",
    documentDiscriminator: "Document discriminator",
  },
  required: ["lastName", "dateOfBirth", "licenseNumber", "expiryDate"],
});

/** Passports and ICAO ID cards share the MRZ fields. */
const travelDocumentFields = {
  documentNumber: textField,
  surname: textField,
  givenNames: textField,
  nationality: field(ZCountrySchema),
  issuingCountry: field(ZCountrySchema),
  dateOfBirth: dateField,
  expiryDate: dateField,
  sex: field(ZSexSchema),
  personalNumber: textField,
  /** The MRZ lines as read (after check-digit correction). */
  mrz: field(z.array(z.string())),
  /** True when every MRZ check digit agrees. */
  mrzValid: field(z.boolean()),
};
const travelDocumentLabels = {
  documentNumber: "Document number",
  surname: "Surname",
  givenNames: "Given names",
  nationality: "Nationality",
  issuingCountry: "Issuing country",
  dateOfBirth: "Date of birth",
  expiryDate: "Expires",
  sex: "Sex",
  personalNumber: "Personal number",
  mrz: "MRZ",
  mrzValid: "MRZ check digits agree",
};
const travelDocumentRequired = ["documentNumber", "surname", "dateOfBirth", "expiryDate"] as const;

export const passportType = defineDocumentType({
  name: "passport",
  label: "Passport",
  personal: true,
  fields: travelDocumentFields,
  fieldLabels: travelDocumentLabels,
  required: travelDocumentRequired,
});

export const idCardType = defineDocumentType({
  name: "id_card",
  label: "ID card",
  personal: true,
  fields: travelDocumentFields,
  fieldLabels: travelDocumentLabels,
  required: travelDocumentRequired,
});

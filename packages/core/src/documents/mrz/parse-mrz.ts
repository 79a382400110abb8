import { parse as parseWithLibrary, type ParseResult } from "mrz";
import type { TField, TFieldSource } from "../field";
import type { TIdCard, TPassport } from "../schemas";
import type { TMrzCorrection } from "./correct-mrz";
import { findMrzLines } from "./find-mrz-lines";
import { resolveLayout, type TMrzCheck, type TMrzFormat, type TMrzSegmentName } from "./mrz-layouts";
import { fillerToSpaces, splitNames, toCountry, toIsoDate, toSex } from "./mrz-values";

export type TParseMrzOptions = {
  /** Where the MRZ band is on the page; every field gets it. */
  source?: TFieldSource;
  /** "Today", for the birth century; injectable for tests. */
  now?: Date;
};

/** Confidence for a field its own check digit confirms. */
const CONFIRMED = 1;
/** For a field whose check digit fails, or that a correction changed where another change would also have fitted. */
const DOUBTFUL = 0.5;
/** Fields no check digit covers (names, countries, sex): as good as the OCR of the rest of the zone. */
const UNCHECKED_IN_VALID_MRZ = 0.9;
const UNCHECKED_IN_INVALID_MRZ = 0.6;

// The `mrz` parser knows these formats; visas (MRV-A/B) it rejects on the 'V' document code, so we read them ourselves.
const LIBRARY_FORMATS: Partial<Record<TMrzFormat, ParseResult["format"]>> = {
  TD1: "TD1",
  TD2: "TD2",
  TD3: "TD3",
  FRENCH_ID: "FRENCH_NATIONAL_ID",
};

/**
 * Maps check-digit-corrected MRZ lines to the canonical schema: TD3 passports and MRV-A/B visas as "passport"
 * (a visa has the same travel-document fields), TD1, TD2 and the French national ID as "id_card".
 */
export function mrzToDocument(correction: TMrzCorrection, options: TParseMrzOptions = {}): TPassport | TIdCard {
  const { lines, format } = correction;
  const now = options.now ?? new Date();
  const source = options.source ?? null;
  const layout = resolveLayout(format, lines);
  const slice = (name: TMrzSegmentName): string => {
    const segment = layout.segments.find((s) => s.name === name);
    return segment ? (lines[segment.line] ?? "").slice(segment.start, segment.end) : "";
  };
  const checkFor = (name: TMrzCheck["name"]) => layout.checks.find((check) => check.name === name);
  const ambiguousIn = (check: TMrzCheck | undefined) =>
    check !== undefined &&
    correction.changes.some(
      (change) => change.ambiguous && check.ranges.some((r) => r.line === change.line && change.column >= r.start && change.column < r.end),
    );
  const checkedConfidence = (name: TMrzCheck["name"]) => {
    const check = checkFor(name);
    const valid = correction.checks.find((c) => c.name === name)?.valid ?? false;
    return check && valid && !ambiguousIn(check) ? CONFIRMED : DOUBTFUL;
  };
  const unchecked = correction.valid ? UNCHECKED_IN_VALID_MRZ : UNCHECKED_IN_INVALID_MRZ;
  const make = <T>(value: T | null, confidence: number): TField<T> => ({
    value,
    confidence: value === null ? 0 : confidence,
    source,
    method: "mrz",
  });

  const library = LIBRARY_FORMATS[format] ? parseWithLibrary(lines, { autocorrect: true }) : undefined;
  const fromLibrary = library && library.format === LIBRARY_FORMATS[format] ? library.fields : {};

  const names =
    format === "FRENCH_ID" ? { surname: fillerToSpaces(slice("surname")), givenNames: fillerToSpaces(slice("givenNames")) } : splitNames(slice("names"));
  const documentCheck = checkFor("documentNumber");
  const documentNumber = documentCheck
    ? documentCheck.ranges
        .map((r) => (lines[r.line] ?? "").slice(r.start, r.end))
        .join("")
        .replace(/</g, "")
    : "";
  const issuing = toCountry(slice("issuingState"));
  const nationality = format === "FRENCH_ID" ? toCountry("FRA") : toCountry(slice("nationality"));

  const fields = {
    documentNumber: make(documentNumber || null, checkedConfidence("documentNumber")),
    surname: make(fromLibrary.lastName || names.surname, unchecked),
    givenNames: make(fromLibrary.firstName || names.givenNames, unchecked),
    nationality: make(nationality.code, nationality.known ? unchecked : DOUBTFUL),
    issuingCountry: make(issuing.code, issuing.known ? unchecked : DOUBTFUL),
    dateOfBirth: make(toIsoDate(slice("birthDate"), "birth", now), checkedConfidence("birthDate")),
    expiryDate: make(toIsoDate(slice("expiryDate"), "expiry", now), checkedConfidence("expiryDate")),
    sex: make(toSex(slice("sex")), unchecked),
    personalNumber: personalNumberField(format, slice, make, checkFor("personalNumber") ? checkedConfidence("personalNumber") : unchecked, documentCheck),
    mrz: make(lines, correction.valid && !correction.changes.some((c) => c.ambiguous) ? CONFIRMED : DOUBTFUL),
    mrzValid: make(correction.valid, CONFIRMED),
  };
  const documentKind = format === "TD3" || format === "MRVA" || format === "MRVB" ? "passport" : "id_card";
  return documentKind === "passport" ? { type: "passport", fields } : { type: "id_card", fields };
}

/** Passports carry it in its own field; TD1/TD2 cards in the optional data; visas' optional data is not personal. */
function personalNumberField(
  format: TMrzFormat,
  slice: (name: TMrzSegmentName) => string,
  make: <T>(value: T | null, confidence: number) => TField<T>,
  confidence: number,
  documentCheck: TMrzCheck | undefined,
): TField<string> {
  switch (format) {
    case "TD3":
      return make(fillerToSpaces(slice("personalNumber")), confidence);
    case "TD1": {
      // A long document number spills into the optional data up to its check digit; what follows is optional.
      const skip = documentCheck && documentCheck.column > 14 ? documentCheck.column - 14 : 0;
      return make(fillerToSpaces(slice("optional").slice(skip)) ?? fillerToSpaces(slice("optional2")), confidence);
    }
    case "TD2":
      return make(fillerToSpaces(slice("optional")), confidence);
    default:
      return make<string>(null, 0);
  }
}

/**
 * Finds, corrects and maps an MRZ in OCR text (or in lines already split); null when the text holds no MRZ.
 * The boxes of the lines, when given, become the fields' source unless `options.source` says otherwise.
 */
export function parseMrz(input: Parameters<typeof findMrzLines>[0], options: TParseMrzOptions & { page?: number } = {}): TPassport | TIdCard | null {
  const found = findMrzLines(input);
  if (!found) return null;
  const source = options.source ?? (found.bbox ? { page: options.page ?? 0, bbox: found.bbox } : null);
  return mrzToDocument(found, { ...options, source });
}

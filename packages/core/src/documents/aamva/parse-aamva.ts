import type { TField, TFieldSource } from "../field";
import type { TAddress, TDriversLicense } from "../schemas";
import { cleanText, parseAamvaDate, parseEyeColor, parseHeightCm, parsePostalCode, parseSex, type TDateOrder, type TNormalised } from "./aamva-values";
import { countryOfJurisdiction, issuerById } from "./issuer-ids";
import { parseAamvaElements, type TAamvaElements } from "./parse-aamva-elements";

/** Values read straight from a barcode that passed its error correction. */
const DECODED = 1;
/** Values inferred from the issuer number rather than read from their own element. */
const INFERRED = 0.9;
/** Values that needed a guess (a non-standard format, a swapped date order, a name split on spaces) or that the card marks as truncated. */
const REPAIRED = 0.6;

export type TParseAamvaOptions = {
  /** Where the barcode was found (page 0 of a photo); null when only the payload is known. */
  source?: TFieldSource;
};

type TMake = <T>(value: T | null, confidence: number) => TField<T>;

function fieldMaker(source: TFieldSource): TMake {
  return <T>(value: T | null, confidence: number): TField<T> =>
    value === null ? { value: null, confidence: 0, source: null, method: "pdf417" } : { value, confidence, source, method: "pdf417" };
}

function fromNormalised<T>(make: TMake, normalised: TNormalised<T>): TField<T> {
  return normalised ? make(normalised.value, normalised.repaired ? REPAIRED : DECODED) : make<T>(null, 0);
}

type TNames = { first: TNormalised<string>; middle: TNormalised<string>; last: TNormalised<string> };

/** Splits "A,B,C" (standard) or "A B C" (a guess) into parts; "$" is an old separator some issuers used. */
function splitNameList(raw: string | undefined): { parts: string[]; repaired: boolean } | null {
  const value = cleanText(raw);
  if (value === null) return null;
  if (/[,$]/.test(value)) {
    return {
      parts: value
        .split(/[,$]/)
        .map((part) => part.trim())
        .filter(Boolean),
      repaired: false,
    };
  }
  return { parts: value.split(" ").filter(Boolean), repaired: true };
}

function part(parts: string[], from: number, to: number | undefined, repaired: boolean): TNormalised<string> {
  const value = cleanText(parts.slice(from, to).join(" "));
  return value === null ? null : { value, repaired };
}

function plain(raw: string | undefined, truncated: string | undefined): TNormalised<string> {
  const value = cleanText(raw);
  // DDE/DDF/DDG = "T": the card printed a shortened name, so the value is real but not whole.
  return value === null ? null : { value, repaired: truncated?.trim().toUpperCase() === "T" };
}

/**
 * Names moved between versions: v1 packed "LAST,FIRST,MIDDLE" into DAA, v2-v3 put given names in DCT,
 * v4+ use DCS/DAC/DAD. The most specific element present wins.
 */
function readNames(elements: Record<string, string>): TNames {
  const full = splitNameList(elements.DAA);
  const given = splitNameList(elements.DCT);
  const last = plain(elements.DCS, elements.DDE) ?? plain(elements.DAB, undefined) ?? (full ? part(full.parts, 0, 1, full.repaired) : null);
  const first =
    plain(elements.DAC, elements.DDF) ?? (given ? part(given.parts, 0, 1, given.repaired) : null) ?? (full ? part(full.parts, 1, 2, full.repaired) : null);
  const middle =
    // Several middle names are comma-separated in DAD; a person writes them with spaces.
    plain(elements.DAD?.replace(/\s*,\s*/g, " "), elements.DDG) ??
    (given && !elements.DAC ? part(given.parts, 1, undefined, given.repaired) : null) ??
    (full && !elements.DAC ? part(full.parts, 2, undefined, full.repaired) : null);
  return { first, middle, last };
}

type TIssuing = { jurisdiction: TField<string>; country: TField<string> };

function readIssuer(parsed: TAamvaElements, make: TMake): TIssuing {
  const { elements, header } = parsed;
  const issuer = issuerById(header.issuerId);
  const jurisdictionCode = cleanText(elements.DAJ)?.toUpperCase() ?? null;
  const jurisdiction = jurisdictionCode !== null ? make(jurisdictionCode, DECODED) : make(issuer?.jurisdiction ?? null, INFERRED);

  const dcg = cleanText(elements.DCG)?.toUpperCase() ?? null;
  if (dcg !== null && /^[A-Z]{3}$/.test(dcg)) return { jurisdiction, country: make(dcg, DECODED) };
  if (issuer) return { jurisdiction, country: make(issuer.country, INFERRED) };
  const fromJurisdiction = jurisdictionCode === null ? null : countryOfJurisdiction(jurisdictionCode);
  return { jurisdiction, country: make(fromJurisdiction, REPAIRED) };
}

function readAddress(elements: Record<string, string>, country: string | null, make: TMake): TField<TAddress> {
  const street = [cleanText(elements.DAG), cleanText(elements.DAH)].filter((line) => line !== null).join(", ") || null;
  const city = cleanText(elements.DAI);
  const region = cleanText(elements.DAJ)?.toUpperCase() ?? null;
  const postal = parsePostalCode(elements.DAK);
  if (street === null && city === null && region === null && postal === null) return make<TAddress>(null, 0);
  const address: TAddress = { street, city, region, postalCode: postal?.value ?? null, country };
  return make(address, postal?.repaired ? REPAIRED : DECODED);
}

function dateOrder(version: number, country: string | null): TDateOrder {
  if (version < 2) return "either";
  return country === "CAN" ? "YMD" : "MDY";
}

/** Structured driver's-licence fields from an AAMVA PDF417 payload; throws AppError CORRUPT_FILE when it is not one. */
export function parseAamva(payload: string, options: TParseAamvaOptions = {}): TDriversLicense {
  const parsed = parseAamvaElements(payload);
  const { elements, header } = parsed;
  const make = fieldMaker(options.source ?? null);
  const issuing = readIssuer(parsed, make);
  const order = dateOrder(header.aamvaVersion, issuing.country.value);
  const names = readNames(elements);

  return {
    type: "drivers_license",
    fields: {
      firstName: fromNormalised(make, names.first),
      middleName: fromNormalised(make, names.middle),
      lastName: fromNormalised(make, names.last),
      dateOfBirth: fromNormalised(make, parseAamvaDate(elements.DBB, order)),
      issueDate: fromNormalised(make, parseAamvaDate(elements.DBD, order)),
      expiryDate: fromNormalised(make, parseAamvaDate(elements.DBA, order)),
      licenseNumber: make(cleanText(elements.DAQ), DECODED),
      address: readAddress(elements, issuing.country.value, make),
      sex: fromNormalised(make, parseSex(elements.DBC)),
      heightCm: fromNormalised(make, parseHeightCm(elements.DAU, elements.DAV, header.aamvaVersion)),
      eyeColor: fromNormalised(make, parseEyeColor(elements.DAY)),
      jurisdiction: issuing.jurisdiction,
      issuingCountry: issuing.country,
      documentDiscriminator: make(cleanText(elements.DCF), DECODED),
    },
  };
}

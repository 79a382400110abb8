import { states } from "mrz";
import type { z } from "zod";
import type { ZSexSchema } from "../field";

type TSexValue = z.infer<typeof ZSexSchema>;

/** ICAO state codes shorter than three letters are padded with '<' ("D<<" is Germany); the schema wants alpha-3. */
const PADDED_CODES: Record<string, string> = { D: "DEU" };
/** The fictional state ICAO uses on every specimen; `mrz` does not list it, but it is a real value to keep. */
const SPECIMEN_STATE = "UTO";

/** The alpha-3 code of an MRZ state field and whether ICAO knows it; null when it is not three letters. */
export function toCountry(raw: string): { code: string | null; known: boolean } {
  const trimmed = raw.replace(/<+$/, "");
  const code = PADDED_CODES[trimmed] ?? trimmed;
  if (!/^[A-Z]{3}$/.test(code)) return { code: null, known: false };
  return { code, known: code === SPECIMEN_STATE || code in states || trimmed in states };
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * YYMMDD to YYYY-MM-DD. A birth year after this year's two digits is last century (nobody is born in the future);
 * an expiry date is always this century. Null for unknown parts ('<') or impossible dates.
 */
export function toIsoDate(raw: string, kind: "birth" | "expiry", now: Date): string | null {
  if (!/^\d{6}$/.test(raw)) return null;
  const yy = Number(raw.slice(0, 2));
  const century = kind === "expiry" || yy <= now.getUTCFullYear() % 100 ? 2000 : 1900;
  return isoDate(century + yy, Number(raw.slice(2, 4)), Number(raw.slice(4, 6)));
}

/** 'M' and 'F' as read; '<' (unspecified) and 'X' as X; anything else unreadable. */
export function toSex(raw: string): TSexValue | null {
  if (raw === "M" || raw === "F" || raw === "X") return raw;
  return raw === "<" ? "X" : null;
}

/** Filler-separated words to text: "ANNA<MARIA<<<" becomes "ANNA MARIA"; null when nothing is left. */
export function fillerToSpaces(raw: string): string | null {
  const text = raw.replace(/<+/g, " ").trim();
  return text === "" ? null : text;
}

/** The primary (surname) and secondary (given names) identifiers of a name field, split at the first "<<". */
export function splitNames(raw: string): { surname: string | null; givenNames: string | null } {
  const cut = raw.indexOf("<<");
  if (cut === -1) return { surname: fillerToSpaces(raw), givenNames: null };
  return { surname: fillerToSpaces(raw.slice(0, cut)), givenNames: fillerToSpaces(raw.slice(cut + 2)) };
}

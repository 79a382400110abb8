import { hasWordLike } from "../../text/fuzzy-words";
import type { TTextLine } from "../../text-lines";
import { findAmounts } from "../../parse/parse-amount";
import { findDates } from "../../parse/parse-date";
import { ends, streety } from "./find-address";
import { BODY_START, BUSINESS_WORD, CONTACT, LEGAL_END, LEGAL_FORM, POSTCODE, REGISTRATION, STREET_WORD } from "./receipt-patterns";

export type TMerchant = { name: string; index: number; score: number };

/** How many lines from the top are looked at: the merchant prints its name in its letterhead. */
const HEADER_LINES = 10;

const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;

/** TOTAL inside a line of words with no number ("RELAIS TOTAL OULMES", a filling station): a brand, not the label of a sum. */
const inName = (text: string) => !/\d/.test(text) && /\p{L}\s+TOTAL\s+\p{L}/iu.test(text);

/** Evidence that a line is the merchant's name, in points; see findMerchant. */
export function merchantScore(line: TTextLine, rank: number): number {
  const text = line.text;
  if (letters(text) < 3) return -Infinity;
  let score = -0.7 * rank;
  const legal = LEGAL_FORM.test(text) || repairLegalForm(text) !== text;
  if (legal) score += 4;
  else if (BUSINESS_WORD.test(text)) score += 1.5;
  // What other header lines say of themselves. A name may carry its registration number.
  if (REGISTRATION.test(text)) score -= legal ? 0.5 : 4;
  // A parenthesis opens an aside (a branch, a former name), not the name.
  if (/^\W*\(/.test(text)) score -= 2;
  if (CONTACT.test(text)) score -= 4;
  if (POSTCODE.test(text) || (STREET_WORD.test(text) && /\d/.test(text))) score -= 3;
  if (findDates(text).length > 0 || findAmounts(text).length > 0) score -= 4;
  if (BODY_START.test(text) || hasWordLike(text, ["CASHIER", "INVOICE", "RECEIPT"]) || (hasWordLike(text, ["TOTAL"]) && !inName(text))) score -= 3;
  // A letterhead is set in capitals or in title case; a line all in small letters is a note or a logo's slogan.
  if (!/\p{Lu}/u.test(text)) score -= 1.5;
  // Names are mostly letters; codes and numbers are not.
  score += 1.5 * (letters(text) / text.replace(/\s/g, "").length) - 0.75;
  // A name set in bigger type than the lines around it (a letterhead) is likelier.
  return score;
}

/**
 * "Sendirian Berhad", the legal form that ends most Malaysian companies' names, as OCR misreads it
 * at the end of a name: S as 5, D as O, E or II, B as 3 or 8 ("SEN 3HD", "5DN BHD", "SIIN BHD").
 * A word of 3-4 characters from S to N followed by ?HD ends no other name.
 */
const SDN_BHD_MISREAD = /(^|\s)[S5][A-Z0-9]{1,2}N\.?\s*[B38]HD\.?$/i;

/** A misread "SDN BHD" at the end of a name, put right; any other name unchanged. */
export function repairLegalForm(text: string): string {
  const trimmed = text.trimEnd();
  const misread = SDN_BHD_MISREAD.exec(trimmed);
  if (!misread || /\bSDN\.?\s*BHD\.?$/i.test(trimmed)) return text;
  return `${trimmed.slice(0, misread.index)}${misread[1]}SDN BHD`;
}

/** "Owned by:" before a company's legal name, in English and Malay: a label, not part of the name. */
const OWNER_LABEL = /^\W*(DIMILIKI(\s+OLEH)?|MILIK|OWNED\s+BY|OPERATED\s+BY|MANAGED\s+BY)\s*:\s*/i;

/** A branch or outlet printed in parentheses on the line under the name ("(JALAN KLANG LAMA)"): letters only, no registration number. */
const BRANCH_LINE = /^\s*\([^()\d]*\p{L}{3}[^()\d]*\)\s*$/u;

/** Cuts what follows a legal form ("SDN BHD (123456-X) D") and noise around the name. */
export function cleanMerchant(text: string): string {
  let name = text;
  // The last legal form ends the name ("... TRADING SDN BHD (123456-X)").
  const legal = [...name.matchAll(new RegExp(LEGAL_END.source, "gi"))].at(-1);
  if (legal) name = name.slice(0, (legal.index ?? 0) + legal[0].length);
  return repairLegalForm(
    name
      .replace(OWNER_LABEL, "")
      .replace(/\s*\((?=[^)]*\d)[^)]*\)?\s*$/, "")
      .replace(/^[^\p{L}\p{N}(]+/u, "")
      .replace(/[\s~\-—_|,:;]+$/, "")
      .replace(/\s{2,}/g, " ")
      .trim(),
  );
}

const heightOf = (line: TTextLine) => (line.bbox ? line.bbox.y1 - line.bbox.y0 : 0);
/** Whether two lines are set in the same type: heights within a third of each other (or unknown). */
const sameType = (a: TTextLine, b: TTextLine) => {
  const [h1, h2] = [heightOf(a), heightOf(b)];
  return h1 === 0 || h2 === 0 || (h1 <= h2 * 1.35 && h2 <= h1 * 1.35);
};

/**
 * Whether a legal name was wrapped onto two lines: the line with the legal form holds little else
 * ("RESTAURANT SDN BHD"), or the line above breaks on "&" or "AND"; and the line above is set in
 * the same type (a logo or brand above a name is bigger) and is a line of name words.
 */
function wrapsInto(above: TTextLine, line: TTextLine): boolean {
  const legal = [...line.text.matchAll(new RegExp(LEGAL_FORM.source, "gi"))][0];
  if (!legal) return false;
  const rest = line.text
    .slice(0, legal.index)
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w));
  // "THE COFFEE BEAN" / "& TEA LEAF (M) SDN BHD": one name broken before or after its "&".
  const broken = /(&|\bAND)\s*$/i.test(above.text.trim()) || /^\W*(&|AND\b)/i.test(line.text);
  if (rest.length > 1 && !broken) return false;
  // A generic word alone before the legal form ("STATIONERY SDN BHD") names no company: the line
  // above is the rest of the name, even set bigger. Otherwise a bigger line above is a logo or brand.
  const generic = rest.length === 1 && BUSINESS_WORD.test(rest[0] ?? "");
  if (!generic && !sameType(above, line)) return false;
  return merchantScore(above, 0) > -2 && !LEGAL_FORM.test(above.text) && letters(above.text) >= 3;
}

/**
 * The merchant's name: the header line with the most evidence of being one (a legal form or a
 * business word, near the top, mostly letters) and the least of being something else
 * (registration, contact, address, date, amount, document title). A legal form printed alone on
 * the next line ("SDN BHD") belongs to the name.
 */
export function findMerchant(lines: TTextLine[]): TMerchant | null {
  let best: TMerchant | null = null;
  lines.slice(0, HEADER_LINES).forEach((line, index) => {
    const next = lines[index + 1];
    // A name is often printed right above the street address; right above the postcode is the street.
    const overAddress = next && !streety(line.text) && streety(next.text) && !POSTCODE.test(next.text) && !ends(next.text);
    const score = merchantScore(line, index) + (overAddress ? 1 : 0);
    if (best === null || score > best.score) best = { name: line.text, index, score };
  });
  const chosen = best as TMerchant | null;
  if (!chosen || chosen.score === -Infinity) return null;
  const next = lines[chosen.index + 1];
  if (!LEGAL_FORM.test(chosen.name) && next && /^\W*(SDN\.?\s*BHD|BHD|BERHAD|S\/B|LTD|LIMITED|GMBH|INC)\W*$/i.test(next.text)) {
    return { name: cleanMerchant(`${chosen.name} ${next.text}`), index: chosen.index + 1, score: chosen.score + 4 };
  }
  const above = lines[chosen.index - 1];
  const merchant =
    above && wrapsInto(above, lines[chosen.index] as TTextLine)
      ? { ...chosen, name: cleanMerchant(`${above.text} ${chosen.name}`) }
      : { ...chosen, name: cleanMerchant(chosen.name) };
  // The branch under a legal name is part of how the business names itself, and not of its address.
  if (next && LEGAL_FORM.test(chosen.name) && BRANCH_LINE.test(next.text)) {
    return { ...merchant, name: `${merchant.name} ${next.text.trim()}`, index: chosen.index + 1 };
  }
  const registration = lines[chosen.index + 2];
  if (next && registration && !LEGAL_FORM.test(chosen.name) && continuesName(lines[chosen.index] as TTextLine, next) && REGISTRATION.test(registration.text)) {
    return { ...merchant, name: cleanMerchant(`${merchant.name} ${next.text}`), index: chosen.index + 1 };
  }
  return merchant;
}

/**
 * Whether the line under a name with no legal form is still the name: the registration number
 * follows the whole name of the business registered, so a line of a few name words between the
 * two, in the same type, is the name's second line ("RESTAURANT JIAWEI" / "JIAWEI HOUSE" /
 * "002693074-K"; "THE MARCO POLO KITCH" / "BUKIT INDAH" / "GST Reg No"), not an address, a contact,
 * a title or a slogan.
 */
function continuesName(name: TTextLine, next: TTextLine): boolean {
  const text = next.text.trim();
  const words = text.split(/\s+/);
  if (/\d/.test(text) || letters(text) < 3 || words.length > 4 || !words.every((w) => /^[\p{Lu}&][\p{L}&'.-]*$/u.test(w))) return false;
  return !streety(text) && !ends(text) && !REGISTRATION.test(text) && !LEGAL_FORM.test(text) && sameType(name, next);
}

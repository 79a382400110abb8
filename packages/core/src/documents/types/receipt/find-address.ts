import type { TTextLine } from "../../text-lines";
import { findDates } from "../../parse/parse-date";
import { correctAddressWords } from "./address-words";
import { BODY_START, CONTACT, LEGAL_FORM, POSTCODE, REGION, REGISTRATION, STREET_WORD, TOWN_AND_REGION } from "./receipt-patterns";

/** Lines an address may span, and how far down the page one is looked for. */
const MAX_LINES = 6;
const HEADER_LINES = 16;

const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;
// Prices, not house numbers ("18, 20, 22", "55,57 & 59" and "31,31A" are lists of numbers; "18.20" is money).
const hasPrice = (s: string) => /\d[.,]\d{2}(?![\d,]|\p{L})/u.test(s.replace(/\d+[,.]\s*\d+[,.]\s*\d+/g, "").replace(/\d+(\s*,\s*\d+)*\s*&\s*\d+/g, ""));
/** Words the OCR ran together ("Lot3,JalanPelabur 23/1", "40300Shah Alam") set apart for the word tests. */
const apart = (s: string) =>
  s
    // A street word run into the name after it in capitals ("TAMANSEJATI", "JALANPERMAS").
    .replace(/\b(JALAN|TAMAN|LORONG|BANDAR|KAMPUNG|PERSIARAN|LEBUH)(?=\p{Lu}{3,})/gu, "$1 ")
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{L})(\d)/gu, "$1 $2")
    .replace(/(\d)(\p{L}{2})/gu, "$1 $2");

/** Words a number follows in an address: house, lot, unit, milestone (BATU), block, road, section, floor. */
const NUMBER_LABEL = /^(NO|LOT|UNIT|BATU|KM|BLOCK|BLK|JALAN|JLN|LORONG|LRG|SEKSYEN|SECTION|SEK|LEVEL|TINGKAT|FLOOR|PT|PTD)$/i;
const NUMBER_AFTER_LABEL = /\b(\p{L}{2,}\.?\s*)(\d[\dIiLl]*)(?=[\s,./]|$)/gu;

const AS_DIGIT: Record<string, string> = { Z: "2", I: "1", L: "1", O: "0", G: "6", S: "5", B: "8" };
const digitOf = (letter: string) => AS_DIGIT[letter.toUpperCase()] ?? letter;

/**
 * Look-alike letters put back where an address holds a number, by the address's own conventions:
 * a house number after NO ("NO.Z," "Nol.Jalan"), a road number before its slash ("PUTERIZ/4"),
 * a floor code after LEVEL or FLOOR ("Floor TZ"), and JLN (jalan) read as JIN.
 */
export const repairAddress = (s: string) =>
  s
    .replace(/\b(NO\.?\s*)([ZILOGSB])(?=\s*[,&.])/gi, (_, label: string, letter: string) => `${label}${digitOf(letter)}`)
    .replace(/(?<=\p{Lu}{3})([ZSBGOI])(?=\/\d)/gu, (letter: string) => ` ${digitOf(letter)}`)
    .replace(/\b(LEVEL|FLOOR|FLR|LVL)(\s+\p{Lu})[Zz]\b/giu, (_, label: string, code: string) => `${label}${code}2`)
    .replace(/\bJ[I1l|][Nn]\b/g, (word: string) => (word.endsWith("n") ? "Jln" : "JLN"))
    // NO (number) with its O read as a zero: "N0. 1 Jalan Euro 1".
    .replace(/\b([Nn])0(?=\.?\s*\d)/g, (_, n: string) => `${n}${n === "N" ? "O" : "o"}`)
    // A number after its label with a 1 read as i or l ("Batu 1i" is milestone 11).
    .replace(NUMBER_AFTER_LABEL, (match, label: string, number: string) =>
      NUMBER_LABEL.test(label.replace(/[.\s]/g, "")) && /^\d[\dil]*$/.test(number) ? `${label}${number.replace(/[il]/g, "1")}` : match,
    )
    // A building's Roman numeral read as ones and l's ("Wisma UOA Il,", "UOA 1l"): not after a number's label.
    .replace(/(?<![\p{L}\p{N}])(\p{L}{2,})(\s+)([I1l]{2,3})(?=[\s,.]|$)/gu, (match, word: string, space: string, numeral: string) =>
      /[Il]/.test(numeral) && !NUMBER_LABEL.test(word) ? `${word}${space}${"I".repeat(numeral.length)}` : match,
    );

/** Evidence that a line is part of a street address. */
export const streety = (text: string) => {
  const words = apart(text);
  return POSTCODE.test(words) || STREET_WORD.test(words) || /^\W*(NO\.?\s*)?\d+[A-Z]?\s*[-,&/]/i.test(text);
};
/** A line that cannot be inside an address: the address has ended before it. */
export const ends = (text: string) =>
  CONTACT.test(text) || BODY_START.test(text) || findDates(text).length > 0 || hasPrice(text) || /\bG[S5]T\b|\bSST\b/i.test(text);
/** Lines printed between the name and the address that are neither (registration, "owned by", a name). */
const between = (text: string) => REGISTRATION.test(text) || LEGAL_FORM.test(text) || /DIMILIKI|OWNED\s+BY|A\s+MEMBER\s+OF|FORMERLY|FRANCHISE/i.test(text);
/** A postcode with nothing after it: the town follows on the next line. */
const postcodeLast = (text: string) => /\b\d{5}\W*$/.test(text);

export type TAddress = { text: string; lines: TTextLine[]; score: number };

/** The run of address lines from `start`: up to the postcode line (and a town, region or country after it). */
function blockFrom(lines: TTextLine[], start: number): TTextLine[] {
  const parts: TTextLine[] = [];
  let postcodeSeen = false;
  for (let i = start; i < Math.min(lines.length, start + MAX_LINES + 1); i++) {
    const line = lines[i] as TTextLine;
    const text = line.text.trim();
    if (postcodeSeen) {
      // After the postcode only a region or a country, or the town of a postcode printed last, still belongs.
      const townAfter = postcodeLast(parts.at(-1)?.text ?? "") && letters(text) >= 3 && !ends(text) && !/\d/.test(text);
      if (REGION.test(text) || (TOWN_AND_REGION.test(text) && !ends(text)) || townAfter || (POSTCODE.test(apart(text)) && !ends(text) && text.length < 30)) {
        parts.push(line);
        continue;
      }
      break;
    }
    // A postcode alone on its line ends the address above it (it reads like a registration number, which has no place there).
    if (parts.length > 0 && /^\W*\d{5}\W*$/.test(text)) {
      parts.push(line);
      postcodeSeen = true;
      continue;
    }
    if (ends(text) || between(text) || parts.length >= MAX_LINES) break;
    parts.push(line);
    if (POSTCODE.test(apart(text))) postcodeSeen = true;
  }
  return parts;
}

/**
 * The merchant's address: of the blocks of lines in the header that read as a street address, the
 * best supported: a postcode, street words and house numbers, right after the merchant's name (or
 * the registration lines under it), ending at the postcode line (and a region or country after it)
 * or at the first contact, tax, date, price or title line. Branch names printed before a block
 * (a line of words with no address word) are left out.
 */
export function findAddress(read: TTextLine[], merchantIndex: number): TAddress | null {
  const lines = read.map((line) => ({ ...line, text: correctAddressWords(line.text) }));
  return bestBlock(lines, merchantIndex, 0, HEADER_LINES) ?? footerAddress(lines, merchantIndex);
}

/** An address printed at the foot of the receipt, under the totals: only a block with a postcode, the last one. */
function footerAddress(lines: TTextLine[], merchantIndex: number): TAddress | null {
  for (let end = lines.length; end > HEADER_LINES; end -= HEADER_LINES) {
    const found = bestBlock(lines, merchantIndex, Math.max(HEADER_LINES, end - HEADER_LINES), end);
    if (found && found.lines.some((l) => POSTCODE.test(apart(l.text)))) return found;
  }
  return null;
}

const sameWords = (a: string, b: string) => a.replace(/[^\p{L}]/gu, "").toUpperCase() === b.replace(/[^\p{L}]/gu, "").toUpperCase();

/** A branch named by its area over the address that ends in that area ("Bandar Baru Rawang" / "No 15 Jalan..." / "Bandar Baru Rawang"): the name is not the address. */
function dropBranchName(block: TTextLine[]): TTextLine[] {
  const first = block[0];
  if (!first || /\d/.test(first.text) || !block.slice(1).some((line) => sameWords(line.text, first.text))) return block;
  return block.slice(1);
}

function bestBlock(lines: TTextLine[], merchantIndex: number, from: number, to: number): TAddress | null {
  let best: TAddress | null = null;
  for (let start = from; start < Math.min(lines.length, to); start++) {
    const first = lines[start] as TTextLine;
    if (start <= merchantIndex && merchantIndex - start < 1) continue;
    if (ends(first.text) || between(first.text) || !streety(first.text)) continue;
    // Only starts of blocks: the line before is not itself part of an address.
    const before = lines[start - 1];
    if (before && start - 1 !== merchantIndex && streety(before.text) && !ends(before.text) && !between(before.text)) continue;
    const block = dropBranchName(blockFrom(lines, start));
    if (block.length === 0) continue;
    const texts = block.map((l) => apart(l.text));
    let score = 0;
    if (texts.some((t) => POSTCODE.test(t))) score += 3;
    score += texts.filter((t) => STREET_WORD.test(t)).length;
    if (texts.some((t) => REGION.test(t) || REGION.test(t.split(/[,\s]+/).slice(-1)[0] ?? ""))) score += 1;
    // Right under the name, past any registration or "owned by" lines, is where addresses are printed.
    const gap = lines.slice(merchantIndex + 1, start).filter((l) => !between(l.text) && !REGISTRATION.test(l.text)).length;
    score -= start > merchantIndex ? 0.5 * gap : 2 + 0.25 * (merchantIndex - start);
    if (!best || score > best.score)
      best = {
        text: repairAddress(
          block
            .map((l) => l.text.trim())
            .join(" ")
            .replace(/\s{2,}/g, " "),
        ),
        lines: block,
        score,
      };
  }
  return best;
}

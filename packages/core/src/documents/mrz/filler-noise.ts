import type { TCostOption, TOptionGrid } from "./mrz-cell-options";
import { FILLER_MISREADS } from "./mrz-confusions";
import type { TMrzLayout, TMrzSegment, TMrzSegmentName } from "./mrz-layouts";

/** Noise left where the filler is: at most this many characters between fillers (`<<K<<`, `<L<L<`). */
const MAX_NOISE_LENGTH = 2;
/** What keeping a letter that looks like filler noise in optional data costs, against the filler. */
const FILLER_TILT = 0.3;

const topOf = (grid: TOptionGrid, line: number, column: number): string => grid[line]?.[column]?.[0]?.char ?? "";

function segmentText(grid: TOptionGrid, segment: TMrzSegment): string {
  let text = "";
  for (let column = segment.start; column < segment.end; column++) text += topOf(grid, segment.line, column);
  return text;
}

/**
 * Where a name field ends. ICAO 9303 separates the primary identifier from the secondary with "<<" and the
 * components of each with a single "<"; so after the secondary identifier has begun, the next "<<" ends the name,
 * and no name holds "<<<" at all. `pairedNames` is false for the French card, whose fields hold one identifier.
 */
export function nameEnd(text: string, pairedNames: boolean): number {
  const triple = text.indexOf("<<<");
  let end = triple === -1 ? text.length : triple;
  if (!pairedNames) return end;
  const separator = text.indexOf("<<");
  if (separator === -1 || separator >= end) return end;
  const secondary = separator + 2;
  const next = text.indexOf("<<", secondary);
  if (next !== -1) end = Math.min(end, next);
  return end;
}

/** Short runs of characters after `from`, each between fillers or at the field's end: noise, not name. */
function noiseRuns(text: string, from: number): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  for (const match of text.slice(from).matchAll(/[^<]+/g)) {
    const start = from + match.index;
    if (match[0].length <= MAX_NOISE_LENGTH) runs.push({ start, end: start + match[0].length });
  }
  return runs;
}

const NAME_FIELDS: Partial<Record<TMrzSegmentName, boolean>> = { names: true, surname: false, givenNames: false };

/**
 * What no name field holds: characters after the name's end (what clearNameNoise left: words too long to be
 * noise), since a name is followed by fillers only; and a letter three times in a row, which no name has (fillers
 * misread as LLLL, CCC). Either means fillers read as letters, or lines out of place.
 */
export function implausibleNameCharacters(lines: readonly string[], layout: TMrzLayout): number {
  let count = 0;
  for (const segment of layout.segments) {
    const paired = NAME_FIELDS[segment.name];
    if (paired === undefined) continue;
    const text = (lines[segment.line] ?? "").slice(segment.start, segment.end);
    count += text.slice(nameEnd(text, paired)).replace(/</g, "").length;
    count += [...text.matchAll(/([A-Z])\1\1+/g)].reduce((sum, match) => sum + match[0].length, 0);
  }
  return count;
}
const FILLER: TCostOption = { char: "<", cost: 0, guess: false };

/**
 * Characters read where a name field has already ended (`ERIKSSON<<ANNA<<<<K<<`, `INES<<<<Z`) become fillers:
 * the filler is all that may follow a name. Longer words after the end are left alone (more likely a filler read
 * twice than a name made up).
 */
export function clearNameNoise(grid: TOptionGrid, layout: TMrzLayout): void {
  for (const segment of layout.segments) {
    const paired = NAME_FIELDS[segment.name];
    if (paired === undefined) continue;
    if (paired) splitRunTogetherName(grid, segment);
    const text = segmentText(grid, segment);
    for (const run of noiseRuns(text, nameEnd(text, paired))) {
      const row = grid[segment.line];
      for (let i = run.start; i < run.end && row; i++) row[segment.start + i] = [FILLER];
    }
  }
}

/** Two letters OCR makes of the chevrons "<<" between two words of a name, with letters on both sides. */
const SEPARATOR_MISREAD = /(?<=[A-Z]{2})(?:CC|KK|CK|KC)(?=[A-Z]{2})/g;

/**
 * A name read with no "<<" between its primary and secondary identifiers, but with one pair of letters OCR makes
 * of the chevrons inside it (`TESTCCMILICA`, `TRAVELERCCHAPPY`: a blurred "<<"): the pair is the separator. A
 * holder with no secondary identifier is rare, and one whose name holds such a pair rarer still; two such pairs
 * leave the name as read.
 */
function splitRunTogetherName(grid: TOptionGrid, segment: TMrzSegment): void {
  const text = segmentText(grid, segment);
  const read = text.slice(0, nameEnd(text, true));
  // A secondary identifier of one or two chevron-like letters (`TESTCCMILICA<<C`) is noise, not a name.
  const separator = read.indexOf("<<");
  if (separator !== -1 && !noiseLike(read.slice(separator + 2).replace(/</g, ""))) return;
  const name = separator === -1 ? read : read.slice(0, separator);
  const pairs = [...name.matchAll(SEPARATOR_MISREAD)];
  const row = grid[segment.line];
  if (pairs.length !== 1 || !row) return;
  const at = segment.start + (pairs[0]?.index ?? 0);
  row[at] = [FILLER];
  row[at + 1] = [FILLER];
}

const OPTIONAL_FIELDS: ReadonlySet<TMrzSegmentName> = new Set(["optional", "optional2", "personalNumber"]);

/** One letter OCR makes of the chevron, three times or more in a row: a run of fillers read blurred (`CCCCC`). */
const fillerRun = (token: string) => /^([A-Z])\1{2,}$/.test(token) && FILLER_MISREADS.has(token[0] as string);
const noiseLike = (token: string) => (token.length <= MAX_NOISE_LENGTH && [...token].every((c) => FILLER_MISREADS.has(c))) || fillerRun(token);

/**
 * In optional data, letters that OCR makes of the chevron, one or two at a time among the fillers that end the
 * field (`SEN C<<<<<`, `<<K<<`, `<L<L<`) or one of them repeated (`CCCCCCC`, a blurred run of fillers), are
 * likelier fillers than data: the filler becomes the reading and the
 * letter an option at a small cost, so the composite check digit keeps the letter only where the filler does not
 * satisfy it. Optional data is free text, so nothing is forced.
 */
export function tiltOptionalFillers(grid: TOptionGrid, layout: TMrzLayout): void {
  for (const segment of layout.segments) {
    if (!OPTIONAL_FIELDS.has(segment.name)) continue;
    const text = segmentText(grid, segment);
    const tokens = [...text.matchAll(/[^<]+/g)].map((match) => ({ start: match.index, end: match.index + match[0].length, noise: noiseLike(match[0]) }));
    // The fillers that end the field, with the noise among them: back from the end to the last real token.
    const lastData = tokens.findLastIndex((token) => !token.noise);
    const noise = tokens.slice(lastData + 1);
    const fillers = text.slice(tokens[lastData]?.end ?? 0).replace(/[^<]/g, "").length;
    if (noise.length === 0 || (fillers < 2 && !noise.some((token) => fillerRun(text.slice(token.start, token.end))))) continue;
    const row = grid[segment.line];
    for (const token of noise) {
      for (let i = token.start; i < token.end && row; i++) {
        const options = row[segment.start + i] ?? [];
        const letters = options.filter((option) => option.char !== "<").map((option) => ({ ...option, cost: Math.max(option.cost, FILLER_TILT) }));
        row[segment.start + i] = [{ char: "<", cost: 0, guess: false }, ...letters].sort((a, b) => a.cost - b.cost);
      }
    }
  }
}

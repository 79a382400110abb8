import type { TCostOption, TOptionGrid } from "./mrz-cell-options";
import { FILLER_MISREADS } from "./mrz-confusions";
import type { TMrzLayout, TMrzSegment, TMrzSegmentName } from "./mrz-layouts";

/** Noise left where the filler is: at most this many characters between fillers (`<<K<<`, `<L<L<`). */
const MAX_NOISE_LENGTH = 2;
/** How much dearer than the reading a filler becomes in optional data when the reading looks like filler noise. */
const FILLER_TILT = 0.05;

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
    const text = segmentText(grid, segment);
    for (const run of noiseRuns(text, nameEnd(text, paired))) {
      const row = grid[segment.line];
      for (let i = run.start; i < run.end && row; i++) row[segment.start + i] = [FILLER];
    }
  }
}

const OPTIONAL_FIELDS: ReadonlySet<TMrzSegmentName> = new Set(["optional", "optional2", "personalNumber"]);

/**
 * In optional data, one or two letters that OCR makes of the chevron, standing among fillers (`SEN C<<<<<`,
 * `<<K<<`), are as likely fillers as what was read: the filler becomes almost as cheap, and the check digits or
 * the other recogniser decide. Optional data is free text, so nothing is forced.
 */
export function tiltOptionalFillers(grid: TOptionGrid, layout: TMrzLayout): void {
  for (const segment of layout.segments) {
    if (!OPTIONAL_FIELDS.has(segment.name)) continue;
    const text = segmentText(grid, segment);
    for (const match of text.matchAll(/[^<]+/g)) {
      const start = match.index;
      const end = start + match[0].length;
      const amongFillers = (start === 0 || text.slice(Math.max(0, start - 2), start) === "<<") && /^<*$/.test(text.slice(end));
      const between = text.slice(Math.max(0, start - 2), start) === "<<" && text.slice(end, end + 2) === "<<";
      if (match[0].length > MAX_NOISE_LENGTH || ![...match[0]].every((c) => FILLER_MISREADS.has(c))) continue;
      if (!amongFillers && !between) continue;
      for (let i = start; i < end; i++) {
        const options = grid[segment.line]?.[segment.start + i];
        if (!options) continue;
        const rest = options.filter((option) => option.char !== "<");
        const filler = options.find((option) => option.char === "<");
        const cost = Math.min(filler?.cost ?? Infinity, FILLER_TILT);
        (grid[segment.line] as TCostOption[][])[segment.start + i] = [...rest, { char: "<", cost, guess: false }].sort((a, b) => a.cost - b.cost);
      }
    }
  }
}

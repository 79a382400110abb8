import type { TOptionGrid } from "./mrz-cell-options";
import type { TMrzLayout, TMrzSegmentName } from "./mrz-layouts";
import { toCountry } from "./mrz-values";

const CODE_FIELDS: ReadonlySet<TMrzSegmentName> = new Set(["issuingState", "nationality"]);
/** Readings of a three-letter code tried: every combination of each position's few likeliest options. */
const OPTIONS_PER_POSITION = 4;

/** Codes of states that no longer exist, still printed on documents that have not expired or been replaced. */
const HISTORICAL_CODES: ReadonlySet<string> = new Set(["YUG", "SCG", "CSK", "DDR", "SUN", "ZAR", "BUR", "TMP", "ROM"]);

/** Whether an MRZ state field (padded with '<', as "D<<") names a state or organisation ICAO lists. */
export const isKnownStateCode = (raw: string): boolean => toCountry(raw).known || HISTORICAL_CODES.has(raw);

/** State fields whose reading is no code ICAO lists: a misread, or a line out of place. */
export function unknownStateCodes(lines: readonly string[], layout: TMrzLayout): number {
  return layout.segments.filter((segment) => CODE_FIELDS.has(segment.name) && !isKnownStateCode((lines[segment.line] ?? "").slice(segment.start, segment.end)))
    .length;
}

/**
 * Issuing state and nationality come from a closed list (ICAO 9303 part 3): where the likeliest reading is no
 * code on it (CAN read as 0A2, then OAZ), the cheapest reading among the positions' options that is on it is
 * taken instead. No check digit covers these fields; the list is what checks them.
 */
export function resolveStateCodes(grid: TOptionGrid, layout: TMrzLayout): void {
  for (const segment of layout.segments) {
    if (!CODE_FIELDS.has(segment.name)) continue;
    const row = grid[segment.line];
    if (!row) continue;
    const cells = row.slice(segment.start, segment.end).map((options) => options.slice(0, OPTIONS_PER_POSITION));
    let readings = [{ chars: "", cost: 0 }];
    for (const options of cells) {
      readings = readings.flatMap((reading) => options.map((option) => ({ chars: reading.chars + option.char, cost: reading.cost + option.cost })));
    }
    const asRead = readings[0];
    if (!asRead || isKnownStateCode(asRead.chars)) continue;
    const known = readings.filter((reading) => isKnownStateCode(reading.chars)).sort((a, b) => a.cost - b.cost)[0];
    if (!known) continue;
    [...known.chars].forEach((char, i) => {
      const options = row[segment.start + i];
      const chosen = options?.find((option) => option.char === char);
      if (options && chosen) row[segment.start + i] = [chosen, ...options.filter((option) => option !== chosen)];
    });
  }
}

import type { TBand } from "./bands";
import { groupLines } from "./layout-lines";
import { median } from "./layout-item";

/** At most this many single-line bands at the top (bottom) of a page are taken for its header (footer). */
const MAX_RUNNING_BANDS = 2;
/** The gap that sets a header or footer off must be this many times the page's usual gap between bands... */
const GAP_FACTOR = 2;
/** ...and at least this many ems. */
const MIN_GAP_EM = 1;

export type TPageParts = { header: TBand[]; body: TBand[]; footer: TBand[] };

/**
 * Splits off a page's running header and footer: one or two single-line bands at the top or
 * bottom, set apart from the rest by a clearly wider gap than the page's lines. Read first and
 * last, they cannot join a column ("Journal of X ... page 3" has its gap right where the gutter is).
 */
export function splitRunningLines(bands: readonly TBand[], em: number): TPageParts {
  const parts: TPageParts = { header: [], body: [...bands], footer: [] };
  if (bands.length < 3) return parts;
  const gaps: number[] = [];
  for (let i = 1; i < bands.length; i++) gaps.push((bands[i]?.y0 ?? 0) - (bands[i - 1]?.y1 ?? 0));
  const wide = Math.max(GAP_FACTOR * median(gaps), MIN_GAP_EM * em);
  const singleLine = (band: TBand | undefined) => band !== undefined && groupLines(band.items).length === 1;

  // The header: the last of the first few single-line bands that has a wide gap below it.
  let header = 0;
  for (let i = 0; i < MAX_RUNNING_BANDS && i < bands.length - 2 && singleLine(bands[i]); i++) {
    if ((gaps[i] ?? 0) >= wide) header = i + 1;
  }
  let footer = 0;
  for (let i = 0; i < MAX_RUNNING_BANDS && bands.length - 1 - i > header && singleLine(bands[bands.length - 1 - i]); i++) {
    if ((gaps[bands.length - 2 - i] ?? 0) >= wide) footer = i + 1;
  }
  parts.header = bands.slice(0, header);
  parts.body = bands.slice(header, bands.length - footer);
  parts.footer = bands.slice(bands.length - footer);
  return parts;
}

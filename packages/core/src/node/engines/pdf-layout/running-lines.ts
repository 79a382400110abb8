import type { TBand } from "./bands";
import { groupLines } from "./layout-lines";
import { median } from "./layout-item";

/** The gap that sets a header or footer off must be this many times the page's usual gap between bands... */
const GAP_FACTOR = 2;
/** ...and at least this many ems (a blank line between paragraphs is about 1.5). */
const MIN_GAP_EM = 1.8;
/** Running lines sit in the top or bottom this share of the page, where it is known. */
const MARGIN_SHARE = 0.15;

/** The page's top and bottom in the layout frame. */
export type TPageBounds = { top: number; bottom: number };

export type TPageParts = { header: TBand[]; body: TBand[]; footer: TBand[] };

/**
 * Splits off a page's running header and footer: one or two single-line bands in the top or
 * bottom margin, set apart from the rest by a clearly wider gap than the page's lines. Read first and
 * last, they cannot join a column ("Journal of X ... page 3" has its gap right where the gutter is).
 */
export function splitRunningLines(bands: readonly TBand[], em: number, page?: TPageBounds): TPageParts {
  const parts: TPageParts = { header: [], body: [...bands], footer: [] };
  if (bands.length < 3) return parts;
  const gaps: number[] = [];
  for (let i = 1; i < bands.length; i++) gaps.push((bands[i]?.y0 ?? 0) - (bands[i - 1]?.y1 ?? 0));
  const wide = Math.max(GAP_FACTOR * median(gaps), MIN_GAP_EM * em);
  const margin = page ? MARGIN_SHARE * (page.bottom - page.top) : Infinity;
  const singleLine = (band: TBand | undefined) => band !== undefined && groupLines(band.items).length === 1;
  const atTop = (band: TBand | undefined) => singleLine(band) && band !== undefined && (!page || band.y1 <= page.top + margin);
  const atBottom = (band: TBand | undefined) => singleLine(band) && band !== undefined && (!page || band.y0 >= page.bottom - margin);

  // One or two lines at the top, the wide gap below the last of them; two only when they stand
  // together (a wide gap between them makes the inner one part of the page, not of its header).
  let header = 0;
  if (atTop(bands[0]) && (gaps[0] ?? 0) >= wide) header = 1;
  else if (bands.length > 3 && atTop(bands[0]) && atTop(bands[1]) && (gaps[1] ?? 0) >= wide) header = 2;
  const last = bands.length - 1;
  let footer = 0;
  if (last > header && atBottom(bands[last]) && (gaps[last - 1] ?? 0) >= wide) footer = 1;
  else if (last - 1 > header && atBottom(bands[last]) && atBottom(bands[last - 1]) && (gaps[last - 2] ?? 0) >= wide) footer = 2;
  parts.header = bands.slice(0, header);
  parts.body = bands.slice(header, bands.length - footer);
  parts.footer = bands.slice(bands.length - footer);
  return parts;
}

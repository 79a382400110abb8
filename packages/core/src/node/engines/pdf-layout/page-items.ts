import type { TLayoutItem } from "./layout-item";
import type { TPageBounds } from "./running-lines";

/** The part of a pdf.js text item the layout needs. */
export type TPdfTextItem = { str: string; transform: number[]; width: number; height: number };

/** Items within this angle of a quarter turn count as set in that direction. */
const ANGLE_TOLERANCE = (2 * Math.PI) / 180;

/** Quarter turns (0-3) of an item's baseline, or -1 for text set at a slant. */
function quarterTurns(transform: readonly number[]): number {
  const [a = 0, b = 0] = transform;
  if (a === 0 && b === 0) return -1;
  const angle = Math.atan2(b, a);
  const turns = Math.round(angle / (Math.PI / 2));
  if (Math.abs(angle - turns * (Math.PI / 2)) > ANGLE_TOLERANCE) return -1;
  return ((turns % 4) + 4) % 4;
}

/**
 * The page's text as layout items in the frame of its main direction (the one most characters
 * are set in), so a page set sideways is laid out like an upright one. Text in any other
 * direction (a stamp up the margin, a slanted watermark) and items with unusable numbers are
 * kept apart, in content order: inside the frame they would cut across the columns. With the
 * page box, also where the page's top and bottom lie in that frame.
 */
export function pageItems(items: readonly TPdfTextItem[], view?: readonly number[]): { items: TLayoutItem[]; aside: string[]; page?: TPageBounds } {
  const turns = items.map((item) => quarterTurns(item.transform));
  const chars = [0, 0, 0, 0];
  turns.forEach((t, i) => {
    if (t >= 0) chars[t] = (chars[t] ?? 0) + (items[i]?.str.length ?? 0);
  });
  const main = chars.indexOf(Math.max(...chars));
  // Unit vectors along the main baseline (u) and up the glyphs (v), exact for quarter turns.
  const ux = [1, 0, -1, 0][main] ?? 1;
  const uy = [0, 1, 0, -1][main] ?? 0;
  const out: TLayoutItem[] = [];
  const aside: string[] = [];
  items.forEach((item, i) => {
    const [, , , , e = 0, f = 0] = item.transform;
    const x0 = e * ux + f * uy;
    const baseline = -(e * -uy + f * ux);
    const box = { text: item.str, x0, y0: baseline - item.height, x1: x0 + item.width, y1: baseline };
    const usable = [box.x0, box.x1, box.y0, box.y1].every(Number.isFinite) && box.x1 >= box.x0 && box.y1 >= box.y0;
    if (turns[i] === main && usable) out.push(box);
    else aside.push(item.str);
  });
  // The page box (pdf.js `view`, x0 y0 x1 y1 in PDF space) in the same frame.
  const [vx0, vy0, vx1, vy1] = view ?? [];
  const ys = [vx0, vx1].flatMap((x) => [vy0, vy1].map((y) => -((x ?? NaN) * -uy + (y ?? NaN) * ux)));
  const page = ys.every(Number.isFinite) ? { top: Math.min(...ys), bottom: Math.max(...ys) } : undefined;
  return { items: out, aside, ...(page && page.bottom > page.top ? { page } : {}) };
}

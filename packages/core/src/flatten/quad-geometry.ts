/** A point in pixels, or in fractions of the image's width and height. */
export type TPoint = { x: number; y: number };
/** Four corners in the order top-left, top-right, bottom-right, bottom-left. */
export type TQuad = [TPoint, TPoint, TPoint, TPoint];

export const distance = (a: TPoint, b: TPoint): number => Math.hypot(a.x - b.x, a.y - b.y);

/** Area of a polygon (shoelace), positive whichever way round it goes. */
export function polygonArea(points: readonly TPoint[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as TPoint;
    const b = points[(i + 1) % points.length] as TPoint;
    twice += a.x * b.y - b.x * a.y;
  }
  return Math.abs(twice) / 2;
}

/**
 * Four corners in reading order: clockwise on screen (y grows downwards) around their centre,
 * starting from the corner of the top side that lies further left. The top side is the one whose
 * middle is highest, so a page turned up to 45° keeps its own top-left first.
 */
export function orderCorners(points: readonly TPoint[]): TQuad {
  if (points.length !== 4) throw new Error(`orderCorners takes 4 points, not ${points.length}`);
  const cx = points.reduce((s, p) => s + p.x, 0) / 4;
  const cy = points.reduce((s, p) => s + p.y, 0) / 4;
  const clockwise = [...points].sort((a, b) => Math.atan2(a.y - cy, a.x - cx) - Math.atan2(b.y - cy, b.x - cx));
  let top = 0;
  let topY = Infinity;
  for (let i = 0; i < 4; i++) {
    const a = clockwise[i] as TPoint;
    const b = clockwise[(i + 1) % 4] as TPoint;
    if ((a.y + b.y) / 2 < topY) {
      topY = (a.y + b.y) / 2;
      top = i;
    }
  }
  // Clockwise on screen, the side from `top` to `top + 1` runs left to right.
  return [0, 1, 2, 3].map((k) => clockwise[(top + k) % 4] as TPoint) as TQuad;
}

/** Interior angles in degrees, in corner order. */
export function quadAngles(quad: TQuad): number[] {
  return quad.map((p, i) => {
    const prev = quad[(i + 3) % 4] as TPoint;
    const next = quad[(i + 1) % 4] as TPoint;
    const a = Math.atan2(prev.y - p.y, prev.x - p.x);
    const b = Math.atan2(next.y - p.y, next.x - p.x);
    const degrees = Math.abs(((b - a) * 180) / Math.PI) % 360;
    return degrees > 180 ? 360 - degrees : degrees;
  });
}

/** Whether the quad turns the same way at every corner (a page seen in perspective always does). */
export function isConvexQuad(quad: TQuad): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = quad[i] as TPoint;
    const b = quad[(i + 1) % 4] as TPoint;
    const c = quad[(i + 2) % 4] as TPoint;
    const cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    if (cross === 0) return false;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return true;
}

/**
 * The flat page's size for these corners: its width the longer of the top and bottom sides, its
 * height the longer of the left and right ones (the sides furthest from the camera look shortest).
 */
export function flatSize(quad: TQuad): { width: number; height: number } {
  const [tl, tr, br, bl] = quad;
  return { width: Math.max(distance(tl, tr), distance(bl, br)), height: Math.max(distance(tl, bl), distance(tr, br)) };
}

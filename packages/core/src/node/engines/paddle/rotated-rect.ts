/** A rectangle turned by `angle` radians about its centre; `width` runs along the angle. */
export type TRotatedRect = { cx: number; cy: number; width: number; height: number; angle: number };
export type TPoint = { x: number; y: number };

const cross = (o: TPoint, a: TPoint, b: TPoint) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Convex hull (Andrew's monotone chain), counter-clockwise in image coordinates, no repeated points. */
export function convexHull(points: TPoint[]): TPoint[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length <= 2) return sorted;
  const lower: TPoint[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2] as TPoint, lower[lower.length - 1] as TPoint, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: TPoint[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i] as TPoint;
    while (upper.length >= 2 && cross(upper[upper.length - 2] as TPoint, upper[upper.length - 1] as TPoint, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/**
 * The smallest-area rectangle around a set of points (rotating calipers: one side of the optimum
 * lies on a hull edge). The result is normalised so that `width` is the side nearer horizontal and
 * `angle` lies in (-45, 45] degrees, as text lines read left to right.
 */
export function minAreaRect(points: TPoint[]): TRotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) return { cx: 0, cy: 0, width: 0, height: 0, angle: 0 };
  if (hull.length < 3) {
    const [a, b = a] = hull as [TPoint, TPoint?];
    const bb = b ?? a;
    return normalise({
      cx: (a.x + bb.x) / 2,
      cy: (a.y + bb.y) / 2,
      width: Math.hypot(bb.x - a.x, bb.y - a.y),
      height: 0,
      angle: Math.atan2(bb.y - a.y, bb.x - a.x),
    });
  }
  let best: TRotatedRect | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const p = hull[i] as TPoint;
    const q = hull[(i + 1) % hull.length] as TPoint;
    const angle = Math.atan2(q.y - p.y, q.x - p.x);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const h of hull) {
      const u = h.x * cos + h.y * sin;
      const v = -h.x * sin + h.y * cos;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = { cx: cu * cos - cv * sin, cy: cu * sin + cv * cos, width: maxU - minU, height: maxV - minV, angle };
    }
  }
  return normalise(best as TRotatedRect);
}

/** The same rectangle described with its angle in (-45, 45] degrees. */
export function normalise(rect: TRotatedRect): TRotatedRect {
  let { width, height, angle } = rect;
  const quarter = Math.PI / 2;
  // Bring the angle into (-90, 90], then swap sides for angles past 45 degrees.
  while (angle > quarter) angle -= Math.PI;
  while (angle <= -quarter) angle += Math.PI;
  if (angle > quarter / 2) {
    angle -= quarter;
    [width, height] = [height, width];
  } else if (angle <= -quarter / 2) {
    angle += quarter;
    [width, height] = [height, width];
  }
  return { cx: rect.cx, cy: rect.cy, width, height, angle };
}

/** The four corners, clockwise from top-left (image coordinates, y down). */
export function corners(rect: TRotatedRect): [TPoint, TPoint, TPoint, TPoint] {
  const cos = Math.cos(rect.angle);
  const sin = Math.sin(rect.angle);
  const at = (u: number, v: number): TPoint => ({ x: rect.cx + u * cos - v * sin, y: rect.cy + u * sin + v * cos });
  const w = rect.width / 2;
  const h = rect.height / 2;
  return [at(-w, -h), at(w, -h), at(w, h), at(-w, h)];
}

/** Axis-aligned box around a rotated rectangle. */
export function boundsOf(rect: TRotatedRect): { x0: number; y0: number; x1: number; y1: number } {
  const pts = corners(rect);
  return {
    x0: Math.min(...pts.map((p) => p.x)),
    y0: Math.min(...pts.map((p) => p.y)),
    x1: Math.max(...pts.map((p) => p.x)),
    y1: Math.max(...pts.map((p) => p.y)),
  };
}

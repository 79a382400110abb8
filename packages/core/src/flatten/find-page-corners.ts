import { loadOpenCv, type TOpenCv } from "./load-opencv";
import { isConvexQuad, orderCorners, polygonArea, quadAngles, type TPoint, type TQuad } from "./quad-geometry";
import { checkRgbaImage, shrinkRgba, type TRgbaImage } from "./rgba-image";

/**
 * The page's corners as fractions of the photo's width and height (tl, tr, br, bl), how sure the
 * finder is (0-1), and how many other page-like outlines lie beside it (several receipts
 * photographed together: straightening one would drop the others).
 */
export type TPageCorners = { corners: TQuad; confidence: number; othersSeen: number };

/** The photo is searched this small on its longer side: a page's outline shows at any size, and a search of a 12 MP photo takes 0.1-0.2 s in Node. */
const WORK_SIDE = 640;
/** A quadrilateral smaller than this share of the photo is a label, a card or a reflection, not the page being photographed. */
const MIN_AREA = 0.15;
/** Beside the page, another page-like outline this large (of the photo) is another document in the same photo. */
const MIN_OTHER_AREA = 0.05;
/** Corners sharper or flatter than these (degrees) are not a sheet of paper, however it is tilted. */
const MIN_ANGLE = 35;
const MAX_ANGLE = 145;
/** Across a page's edge, paper and background differ by at least this (of 255) in brightness or whiteness. */
const EDGE_CONTRAST = 18;
/** Share of points along the sides that must show that contrast: a page's outline is seen nearly all round. */
const MIN_SUPPORT = 0.6;
/** The outline found must cover this share of the quadrilateral drawn through its corners. */
const MIN_FILL = 0.85;
/**
 * Share of the contrasting points along the sides where the inside is the lighter side: a page
 * is lighter than the table under it, while a barcode, a photo or a dark card printed on a page
 * is darker than the paper around it (such a block is not the page to straighten).
 */
const MIN_LIGHTER_INSIDE = 0.6;

type TCandidate = { quad: TQuad; fill: number };
type TScored = TCandidate & { support: number; score: number; area: number };
type TChannels = { grey: Uint8Array; white: Uint8Array; width: number; height: number };

/**
 * Finds the four corners of the page (a receipt, a letter) photographed on a table, a desk or a
 * cloth; null when nothing in the photo looks like one. Isomorphic (Node and a Web Worker): the
 * photo comes as RGBA pixels, and OpenCV.js is loaded on the first call.
 *
 * The photo is shrunk to WORK_SIDE pixels and its outlines are gathered two ways: the bright,
 * colourless region (paper is whiter than wood, cloth or a desk: the darkest of its red, green and
 * blue stays high), and the edges Canny finds (for a page on a light table). Each outline's convex
 * hull becomes the largest quadrilateral its corners make (and, failing that, its smallest
 * enclosing rectangle); a quadrilateral is kept when it is large, convex, has paper-like corners,
 * fills its outline and shows a contrast all along its sides. The best supported one wins.
 */
export async function findPageCorners(image: TRgbaImage): Promise<TPageCorners | null> {
  checkRgbaImage(image, "find the page's corners");
  const cv = await loadOpenCv();
  const factor = Math.max(image.width, image.height) / WORK_SIDE;
  const small = factor > 1 ? shrinkRgba(image, factor) : image;
  const channels = blurred(cv, channelsOf(small));
  const candidates = outlineCandidates(cv, channels);
  const scored = candidates.map((candidate) => scoreCandidate(candidate, channels)).filter((c): c is TScored => c !== null);
  let best: TScored | null = null;
  for (const candidate of scored) if (candidate.area >= MIN_AREA && (!best || candidate.score > best.score)) best = candidate;
  if (!best) return null;
  const page = best;
  // Other pages: outlines apart from the page (neither holds the other's centre), each counted once.
  const others: TQuad[] = [];
  for (const candidate of scored) {
    const apart = (quad: TQuad) => !insideQuad(centreOf(candidate.quad), quad) && !insideQuad(centreOf(quad), candidate.quad);
    if (apart(page.quad) && others.every(apart)) others.push(candidate.quad);
  }
  const round = (n: number) => Math.round(n * 10_000) / 10_000;
  const corners = best.quad.map((p) => ({ x: round((p.x + 0.5) / small.width), y: round((p.y + 0.5) / small.height) })) as TQuad;
  return { corners, confidence: round(Math.min(1, best.support * Math.min(1, best.fill / 0.95))), othersSeen: others.length };
}

const centreOf = (quad: TQuad): TPoint => ({ x: quad.reduce((sum, p) => sum + p.x, 0) / 4, y: quad.reduce((sum, p) => sum + p.y, 0) / 4 });

/** Whether a point lies inside a convex quadrilateral whose corners go round one way. */
function insideQuad(point: TPoint, quad: TQuad): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = quad[i] as TPoint;
    const b = quad[(i + 1) % 4] as TPoint;
    const cross = Math.sign((b.x - a.x) * (point.y - a.y) - (b.y - a.y) * (point.x - a.x));
    if (cross !== 0 && sign !== 0 && cross !== sign) return false;
    if (cross !== 0) sign = cross;
  }
  return true;
}

/** Grey (BT.601 luma) and whiteness (the darkest of R, G, B: high only for bright, colourless paper). */
function channelsOf({ data, width, height }: TRgbaImage): TChannels {
  const grey = new Uint8Array(width * height);
  const white = new Uint8Array(width * height);
  for (let i = 0, p = 0; p < grey.length; i += 4, p++) {
    const r = data[i] ?? 0;
    const g = data[i + 1] ?? 0;
    const b = data[i + 2] ?? 0;
    grey[p] = (77 * r + 150 * g + 29 * b) >> 8;
    white[p] = Math.min(r, g, b);
  }
  return { grey, white, width, height };
}

/** The channels smoothed (a 5 × 5 Gaussian), so sensor noise and paper grain do not count as edges. */
function blurred(cv: TOpenCv, channels: TChannels): TChannels {
  const { width, height } = channels;
  const smooth = (pixels: Uint8Array) => {
    const src = cv.matFromArray(height, width, cv.CV_8UC1, pixels);
    const out = new cv.Mat();
    try {
      cv.GaussianBlur(src, out, new cv.Size(5, 5), 0);
      return new Uint8Array(out.data);
    } finally {
      src.delete();
      out.delete();
    }
  };
  return { grey: smooth(channels.grey), white: smooth(channels.white), width, height };
}

/** Quadrilaterals around the photo's large outlines, from its whiteness and from its edges. */
function outlineCandidates(cv: TOpenCv, { grey, white, width, height }: TChannels): TCandidate[] {
  const mats: { delete(): void }[] = [];
  const keep = <T extends { delete(): void }>(mat: T): T => {
    mats.push(mat);
    return mat;
  };
  try {
    const long = Math.max(width, height);
    const odd = (n: number) => Math.max(3, Math.round(n) | 1);
    const whiteBlurred = keep(cv.matFromArray(height, width, cv.CV_8UC1, white));
    const greyBlurred = keep(cv.matFromArray(height, width, cv.CV_8UC1, grey));
    // Closing fills the text (dark strokes a few pixels wide) into the paper; opening cuts thin bridges to bright things beside it.
    const closeKernel = keep(cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(odd(long * 0.025), odd(long * 0.025))));
    const openKernel = keep(cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(odd(long * 0.012), odd(long * 0.012))));

    const masks: InstanceType<TOpenCv["Mat"]>[] = [];
    for (const channel of [whiteBlurred, greyBlurred]) {
      const bright = keep(new cv.Mat());
      cv.threshold(channel, bright, 0, 255, cv.THRESH_BINARY + cv.THRESH_OTSU);
      cv.morphologyEx(bright, bright, cv.MORPH_CLOSE, closeKernel);
      cv.morphologyEx(bright, bright, cv.MORPH_OPEN, openKernel);
      masks.push(bright);
    }
    // Edges: thresholds from Otsu's split of the grey picture, so they follow the photo's contrast.
    const otsu = cv.threshold(greyBlurred, keep(new cv.Mat()), 0, 255, cv.THRESH_BINARY + cv.THRESH_OTSU);
    const edges = keep(new cv.Mat());
    cv.Canny(greyBlurred, edges, Math.max(10, otsu * 0.25), Math.max(30, otsu * 0.6));
    cv.dilate(edges, edges, keep(cv.getStructuringElement(cv.MORPH_RECT, new cv.Size(3, 3))));
    masks.push(edges);

    const candidates: TCandidate[] = [];
    for (const mask of masks) {
      const contours = keep(new cv.MatVector());
      cv.findContours(mask, contours, keep(new cv.Mat()), cv.RETR_EXTERNAL, cv.CHAIN_APPROX_SIMPLE);
      for (let i = 0; i < contours.size(); i++) {
        const contour = contours.get(i);
        keep(contour);
        if (cv.contourArea(contour) < MIN_OTHER_AREA * 0.8 * width * height) continue;
        const hull = keep(new cv.Mat());
        cv.convexHull(contour, hull, false, true);
        const hullArea = cv.contourArea(hull);
        const quad = largestQuad(cv, hull, keep);
        if (quad) candidates.push({ quad, fill: hullArea / Math.max(1, polygonArea(quad)) });
        const rect = cv.RotatedRect.points(cv.minAreaRect(hull)).map((p) => ({ x: p.x, y: p.y }));
        candidates.push({ quad: orderCorners(rect), fill: hullArea / Math.max(1, polygonArea(rect)) });
      }
    }
    return candidates;
  } finally {
    for (const mat of mats) mat.delete();
  }
}

/** The largest quadrilateral whose corners are corners of the (simplified) hull: a page's hull with its corners rounded or dog-eared still gives them. */
function largestQuad(cv: TOpenCv, hull: InstanceType<TOpenCv["Mat"]>, keep: <T extends { delete(): void }>(mat: T) => T): TQuad | null {
  const perimeter = cv.arcLength(hull, true);
  let points: TPoint[] = [];
  // Few enough corners to try every four of them (at most 495 sets of 12).
  for (let epsilon = 0.005 * perimeter; ; epsilon *= 1.5) {
    const approx = keep(new cv.Mat());
    cv.approxPolyDP(hull, approx, epsilon, true);
    points = [];
    for (let i = 0; i < approx.rows; i++) points.push({ x: approx.data32S[i * 2] ?? 0, y: approx.data32S[i * 2 + 1] ?? 0 });
    if (points.length <= 12) break;
  }
  if (points.length < 4) return null;
  let best: TPoint[] | null = null;
  let bestArea = 0;
  const n = points.length;
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      for (let c = b + 1; c < n; c++)
        for (let d = c + 1; d < n; d++) {
          // Hull points are in order round the hull, so any four in index order make a simple quadrilateral.
          const quad = [points[a], points[b], points[c], points[d]] as TPoint[];
          const area = polygonArea(quad);
          if (area > bestArea) {
            bestArea = area;
            best = quad;
          }
        }
  return best ? orderCorners(best) : null;
}

/** Whether a quadrilateral can be the page, and how well the photo shows its outline; null when it cannot be. */
function scoreCandidate(candidate: TCandidate, channels: TChannels): TScored | null {
  const { quad, fill } = candidate;
  const { width, height } = channels;
  const area = polygonArea(quad) / (width * height);
  if (area < MIN_OTHER_AREA || !isConvexQuad(quad)) return null;
  if (quadAngles(quad).some((angle) => angle < MIN_ANGLE || angle > MAX_ANGLE)) return null;
  if (fill < MIN_FILL || fill > 1.1) return null;
  const sides = edgeSupport(quad, channels);
  if (sides === null || sides.support < MIN_SUPPORT || sides.lighterInside < MIN_LIGHTER_INSIDE) return null;
  const { support } = sides;
  return { ...candidate, support, area, score: support * Math.min(1, fill) * Math.sqrt(area) };
}

/**
 * Share of points along the quadrilateral's sides where the photo changes across the side (paper
 * on one side, background on the other), and of those, the share where the inside is the lighter;
 * null when too few of them can be seen (the sides run along the photo's border: a bright
 * background filling the frame looks like that).
 */
function edgeSupport(quad: TQuad, { grey, white, width, height }: TChannels): { support: number; lighterInside: number } | null {
  const offset = Math.max(3, Math.round(Math.max(width, height) * 0.012));
  const samples = 24;
  let seen = 0;
  let supported = 0;
  let lighterInside = 0;
  const at = (pixels: Uint8Array, x: number, y: number) => pixels[Math.round(y) * width + Math.round(x)] ?? 0;
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x <= width - 1 && y <= height - 1;
  for (let side = 0; side < 4; side++) {
    const a = quad[side] as TPoint;
    const b = quad[(side + 1) % 4] as TPoint;
    const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    // Corners are clockwise on screen: the page lies to the right of each side, walking from a to b.
    const nx = -(b.y - a.y) / length;
    const ny = (b.x - a.x) / length;
    for (let k = 1; k < samples; k++) {
      const t = k / samples;
      const x = a.x + (b.x - a.x) * t;
      const y = a.y + (b.y - a.y) * t;
      const ix = x + nx * offset;
      const iy = y + ny * offset;
      const ox = x - nx * offset;
      const oy = y - ny * offset;
      if (!inside(ix, iy) || !inside(ox, oy)) continue;
      seen++;
      const contrast = Math.max(Math.abs(at(grey, ix, iy) - at(grey, ox, oy)), Math.abs(at(white, ix, iy) - at(white, ox, oy)));
      if (contrast < EDGE_CONTRAST) continue;
      supported++;
      if (at(grey, ix, iy) + at(white, ix, iy) >= at(grey, ox, oy) + at(white, ox, oy)) lighterInside++;
    }
  }
  return seen >= 2 * (samples - 1) ? { support: supported / seen, lighterInside: supported === 0 ? 0 : lighterInside / supported } : null;
}

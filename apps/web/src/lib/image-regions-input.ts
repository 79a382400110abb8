import { MAX_SPLIT_PARTS, MIN_REGION_SIDE, type TImageRegion } from "@docvault/core";

type TPoint = { x: number; y: number };

/** Equal cells, row by row: the boxes of a photo laid out as `columns` × `rows` receipts. */
function grid(columns: number, rows: number): TImageRegion[] {
  return Array.from({ length: columns * rows }, (_, i) => ({
    x: (i % columns) / columns,
    y: Math.floor(i / columns) / rows,
    width: 1 / columns,
    height: 1 / rows,
  }));
}

/** Layouts a keyboard (or a hurried thumb) picks instead of drawing: the photo cut into equal parts. */
export const PRESET_LAYOUTS: readonly { label: string; regions: TImageRegion[] }[] = [
  { label: "2 side by side", regions: grid(2, 1) },
  { label: "3 side by side", regions: grid(3, 1) },
  { label: "2 above each other", regions: grid(1, 2) },
  { label: "4 in a grid", regions: grid(2, 2) },
];

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/** Where a pointer is on the shown photo, in fractions of it, kept within it. */
export function pointIn(rect: { left: number; top: number; width: number; height: number }, clientX: number, clientY: number): TPoint {
  if (rect.width <= 0 || rect.height <= 0) return { x: 0, y: 0 };
  return { x: clamp01((clientX - rect.left) / rect.width), y: clamp01((clientY - rect.top) / rect.height) };
}

/** The box a drag from `start` to `end` spans, whichever way it went. */
export function boxFromDrag(start: TPoint, end: TPoint): TImageRegion {
  const x = Math.min(start.x, end.x);
  const y = Math.min(start.y, end.y);
  return { x, y, width: Math.abs(end.x - start.x), height: Math.abs(end.y - start.y) };
}

/** Whether a box is large enough for the server to split by (core's checkImageRegions). */
export function isBigEnough(box: TImageRegion): boolean {
  return box.width >= MIN_REGION_SIDE && box.height >= MIN_REGION_SIDE;
}

/** Boxes after one more is drawn: at most as many as one split takes. */
export function withBox(boxes: readonly TImageRegion[], box: TImageRegion): TImageRegion[] {
  return boxes.length >= MAX_SPLIT_PARTS ? [...boxes] : [...boxes, box];
}

const percent = (n: number) => `${Math.round(n * 100)}%`;

/** "25% from the left, 10% from the top, 40% wide and 80% high": where a box is, in words a screen reader can say. */
export function describeBox(box: TImageRegion): string {
  return `${percent(box.x)} from the left, ${percent(box.y)} from the top, ${percent(box.width)} wide and ${percent(box.height)} high`;
}

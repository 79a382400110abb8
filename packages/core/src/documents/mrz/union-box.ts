import type { TBBox } from "../../extraction/extraction-result";

/** The smallest box holding every given box; undefined when none is given. */
export function unionBox(boxes: readonly (TBBox | undefined)[]): TBBox | undefined {
  const present = boxes.filter((box): box is TBBox => box !== undefined);
  if (present.length === 0) return undefined;
  return {
    x0: Math.min(...present.map((b) => b.x0)),
    y0: Math.min(...present.map((b) => b.y0)),
    x1: Math.max(...present.map((b) => b.x1)),
    y1: Math.max(...present.map((b) => b.y1)),
  };
}

import type { TFoundMrz } from "../../../documents/mrz/find-mrz-lines";
import type { TBBox } from "../../../extraction/extraction-result";

const validShare = (found: TFoundMrz) => found.checks.filter((check) => check.valid).length / Math.max(1, found.checks.length);

/**
 * The best of the readings an image gave: more agreeing check digits, then more evidence (lines read one by one
 * by both recognisers and fused, over one recogniser, over tesseract's text of a whole band), then less correction.
 */
export class BestRead {
  found: TFoundMrz | undefined;
  private evidence = 0;

  /** `toImage` maps boxes of a turned view of the image back to the image's pixels. */
  consider(found: TFoundMrz | undefined, evidence: number, toImage?: (box: TBBox) => TBBox): void {
    if (!found) return;
    const current = this.found;
    if (current) {
      const [a, b] = [validShare(found), validShare(current)];
      if (a < b || (a === b && (evidence < this.evidence || (evidence === this.evidence && found.cost >= current.cost)))) return;
    }
    const map = (box: TBBox | undefined) => (box && toImage ? toImage(box) : box);
    this.found = toImage ? { ...found, bbox: map(found.bbox), boxes: found.boxes.map(map) } : found;
    this.evidence = evidence;
  }

  get valid(): boolean {
    return this.found?.valid ?? false;
  }

  /** Valid, and read line by line by a recogniser (not only from tesseract's text of a whole band). */
  get confirmed(): boolean {
    return this.valid && this.evidence >= 1;
  }
}

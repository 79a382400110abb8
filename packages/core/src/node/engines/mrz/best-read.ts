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
  private readsLeft = 0;
  private readonly deadline: number;

  /** `maxMs`: after this long no further attempt starts, so an image without an MRZ ends in bounded time. */
  constructor(maxMs: number) {
    this.deadline = performance.now() + maxMs;
  }

  /** Starts a stage of the search (a view of the image) that may read `reads` sets of lines line by line. */
  stage(reads: number): void {
    this.readsLeft = reads;
  }

  /** Whether one more set of lines may be read in this stage (and counts it). */
  takeRead(): boolean {
    if (this.readsLeft <= 0 || this.expired) return false;
    this.readsLeft--;
    return true;
  }

  /** Whether the search is over: an MRZ read and confirmed, or no time left. */
  get done(): boolean {
    return this.confirmed || this.expired;
  }

  get expired(): boolean {
    return performance.now() > this.deadline;
  }

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

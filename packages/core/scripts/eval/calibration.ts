import type { TFieldReport, TFieldResult } from "./eval-types";

const BINS = 10;

/** Accuracy, coverage and calibration of one field over the items that have it scored. */
export function fieldReport(results: TFieldResult[]): TFieldReport {
  const n = results.length;
  const read = results.filter((r) => r.confidence !== null);
  const high = read.filter((r) => (r.confidence ?? 0) >= 0.9);
  return {
    accuracy: n ? results.filter((r) => r.ok).length / n : 0,
    coverage: n ? read.length / n : 0,
    ece: expectedCalibrationError(read),
    highConfidence: { count: high.length, accuracy: high.length ? high.filter((r) => r.ok).length / high.length : 1 },
  };
}

/**
 * Expected calibration error: the confidence range cut into ten bins, the gap between each bin's
 * mean confidence and its accuracy, weighted by the bin's share of the fields.
 */
export function expectedCalibrationError(results: TFieldResult[]): number {
  if (results.length === 0) return 0;
  let total = 0;
  for (let b = 0; b < BINS; b++) {
    const inBin = results.filter((r) => {
      const c = r.confidence ?? 0;
      return b === BINS - 1 ? c >= b / BINS : c >= b / BINS && c < (b + 1) / BINS;
    });
    if (inBin.length === 0) continue;
    const confidence = inBin.reduce((s, r) => s + (r.confidence ?? 0), 0) / inBin.length;
    const accuracy = inBin.filter((r) => r.ok).length / inBin.length;
    total += (inBin.length / results.length) * Math.abs(confidence - accuracy);
  }
  return total;
}

/**
 * The lowest confidence at which fields are right at least `target` of the time (over the fields at
 * or above it): what the review queue and the escalation can trust without a person. 1 when none is.
 */
export function trustThreshold(results: TFieldResult[], target = 0.95): number {
  const read = results.filter((r) => r.confidence !== null).sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0));
  let right = 0;
  let threshold = 1;
  read.forEach((r, k) => {
    if (r.ok) right++;
    const next = read[k + 1];
    // Only at the end of a run of equal confidences can the cut be made.
    if (next && next.confidence === r.confidence) return;
    if (right / (k + 1) >= target) threshold = r.confidence ?? 1;
  });
  return threshold;
}

import { gapsBetween } from "./word-gaps";

type TChar = { char: string; frame: number; confidence: number };

const NARROW = new Set("Ii1lLTtjfr!|:;.,'()");
const kind = (c: string) => (/\d/.test(c) ? "digit" : /\p{L}/u.test(c) ? "letter" : c === "." || c === "," ? "point" : "other");

// Logistic weights fitted on 26,076 neighbouring character pairs of the public receipts, whose line
// transcripts say where the spaces are (355 wrong decisions, 1.4%; a fixed gap threshold made half
// as many again). The features are the blank stretch between the two characters (share
// of the ink height), the distance between their centres against the line's usual one, the line's
// usual blank stretch, and what kind of characters meet (a digit group, a decimal point, a colon).
const W = {
  bias: -8.837,
  gap: 27.056,
  pitch: 3.287,
  gapTimesPitch: -5.649,
  lineGap: -13.069,
  narrowBefore: -0.957,
  narrowAfter: -0.353,
  digits: -1.759,
  pointAfter: -2.026,
  pointBefore: -1.611,
  other: 1.193,
  closerAfter: -2.433,
  openerBefore: -2.682,
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** Below this score a space the recogniser itself read is dropped: the line image shows letters touching. */
const DROP_MODEL_SPACE = -4;

/**
 * The recogniser (trained mostly on Chinese, which has no spaces) often runs words together, and
 * now and then splits one ("TO TAL"). A space goes between two characters where the line image
 * shows a word break (see W); one the recogniser read stays unless the image plainly shows none.
 */
export function withSpaces<T extends TChar>(decoded: T[], pixels: Uint8Array, width: number, height: number): (T | TChar)[] {
  const glyphs = decoded.filter((d) => d.char !== " ");
  if (glyphs.length < 2) return glyphs;
  // Where the recogniser put spaces: after which glyph.
  const modelSpace = new Set<number>();
  let seen = -1;
  for (const d of decoded) {
    if (d.char === " ") modelSpace.add(seen);
    else seen++;
  }
  const centres = glyphs.map((d) => (d.frame + 0.5) * 8);
  const { gaps, inkHeight } = gapsBetween(pixels, width, height, centres);
  const steps = glyphs.slice(1).map((d, k) => d.frame - (glyphs[k] as T).frame);
  const usualStep = Math.max(1, median(steps));
  const lineGap = median(gaps.map((g) => g / inkHeight));
  const out: (T | TChar)[] = [];
  glyphs.forEach((d, k) => {
    out.push(d);
    const next = glyphs[k + 1];
    if (!next) return;
    const a = kind(d.char);
    const b = kind(next.char);
    const gap = (gaps[k] as number) / inkHeight;
    const pitch = (steps[k] as number) / usualStep;
    const z =
      W.bias +
      W.gap * gap +
      W.pitch * pitch +
      W.gapTimesPitch * gap * pitch +
      W.lineGap * lineGap +
      (NARROW.has(d.char) ? W.narrowBefore : 0) +
      (NARROW.has(next.char) ? W.narrowAfter : 0) +
      (a === "digit" && b === "digit" ? W.digits : 0) +
      (b === "point" ? W.pointAfter : 0) +
      (a === "point" ? W.pointBefore : 0) +
      (a === "other" || b === "other" ? W.other : 0) +
      (next.char === ":" || next.char === ")" ? W.closerAfter : 0) +
      (d.char === "(" ? W.openerBefore : 0);
    if (z >= 0 || (modelSpace.has(k) && z >= DROP_MODEL_SPACE)) out.push({ char: " ", frame: d.frame, confidence: d.confidence });
  });
  return out;
}

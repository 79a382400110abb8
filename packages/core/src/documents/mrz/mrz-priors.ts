import { LETTER_TO_DIGIT } from "./mrz-confusions";

/** What one switch between letters and digits costs in a number field (in the units of -ln odds). */
const SWITCH_COST = 1.5;
/** What one letter that OCR also makes of a digit (O, D, I, S, B...) costs in a number field. */
const LOOKALIKE_COST = 0.6;

/**
 * How unlikely a document or personal number looks, whatever the OCR read: such numbers are runs of letters and
 * runs of digits (ZE000509, XX000000, D23145890), and OCR confusions scatter letters into digit runs (ZEDODS09).
 * Among readings the check digits all accept, the one with fewer switches and fewer look-alike letters is likelier.
 * Fillers are skipped: they separate, they do not switch.
 */
export function numberFieldPrior(chars: readonly string[]): number {
  let switches = 0;
  let lookalikes = 0;
  let previous = "";
  for (const char of chars) {
    const kind = char >= "0" && char <= "9" ? "digit" : char >= "A" && char <= "Z" ? "letter" : "";
    if (kind && previous && kind !== previous) switches++;
    if (kind) previous = kind;
    if (LETTER_TO_DIGIT[char]) lookalikes++;
  }
  return switches * SWITCH_COST + lookalikes * LOOKALIKE_COST;
}

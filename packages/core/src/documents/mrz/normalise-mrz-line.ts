/** Upper-cases, maps guillemets to fillers and drops spaces and every character the MRZ alphabet lacks. */
export function cleanMrzLine(text: string): string {
  return text
    .toUpperCase()
    .replace(/[«≪»≫]/g, "<<")
    .replace(/[‹›]/g, "<")
    .replace(/[^A-Z0-9<]/g, "");
}

/** Letters tesseract's English model makes of the thin OCR-B chevron '<'. */
const CHEVRON_MISREADS = /^[KLCE]+$/;

/** Whether a word of chevron misreads standing among fillers is noise rather than a name (LEE, ELLE are names). */
function isFillerNoise(word: string): boolean {
  if (!CHEVRON_MISREADS.test(word)) return false;
  // Two letters at most (<<K<<, <L<L<), one letter repeated (KKKK), or five and more: no name is made of these.
  return word.length <= 2 || /^(.)\1+$/.test(word) || word.length >= 5;
}

/**
 * Upper-cases, drops spaces and stray characters, and maps the usual misreadings of the '<' filler back to '<':
 * guillemets, and words made only of the letters tesseract reads the chevron as (K, L, C, E) standing among
 * fillers. A word attached to other letters (MICHELLE<<, FRANK<<) or a name of such letters (LEE) is kept.
 */
export function normaliseMrzLine(text: string): string {
  const clean = cleanMrzLine(text);
  return clean.replace(/[A-Z0-9]+/g, (word, offset: number) => {
    const before = clean.charAt(offset - 1);
    const after = clean.charAt(offset + word.length);
    const amongFillers = (before === "<" || offset === 0) && (after === "<" || after === "") && (before === "<" || after === "<");
    return amongFillers && isFillerNoise(word) ? "<".repeat(word.length) : word;
  });
}

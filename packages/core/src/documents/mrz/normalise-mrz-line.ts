/** Upper-cases, maps guillemets to fillers and drops spaces and every character the MRZ alphabet lacks. */
export function cleanMrzLine(text: string): string {
  return text
    .toUpperCase()
    .replace(/[«≪»≫]/g, "<<")
    .replace(/[‹›]/g, "<")
    .replace(/[^A-Z0-9<]/g, "");
}

/**
 * Upper-cases, drops spaces and stray characters, and maps the usual misreadings of the '<' filler ('«', and 'K'
 * inside runs of fillers) back to '<'.
 */
export function normaliseMrzLine(text: string): string {
  const upper = cleanMrzLine(text);
  // Tesseract reads the thin OCR-B chevron as K, L, C or E; no name holds three of them in a row with fillers.
  return upper.replace(/(?<=^|[^<KLCE])[<KLCE]{3,}/g, (run, offset: number) => {
    if ((run.match(/</g) ?? []).length < 2 && !/[KLCE]{4}/.test(run)) return run;
    const before = offset > 0 ? upper.charAt(offset - 1) : "";
    const after = upper.charAt(offset + run.length);
    return [...run]
      .map((char, i) => {
        if (char === "<") return char;
        // A K that starts a word after fillers (…<<KIM) or ends one before them (FRANK<<) is a real letter.
        if (i === run.length - 1 && /[A-Z]/.test(after)) return char;
        if (i === 0 && /[A-Z]/.test(before)) return char;
        return "<";
      })
      .join("");
  });
}

// Label words as OCR prints them: "Tota1", "T0TAL", "Latal" are all TOTAL to a reader.

const AS_LETTER: Record<string, string> = { "0": "O", "1": "I", "5": "S", "8": "B", "|": "I", $: "S", "€": "E" };

/** Upper-case letter words of a text, digits that stand for letters mapped back ("T0TAL" -> "TOTAL"). */
export function letterWords(text: string): string[] {
  return (text.toUpperCase().match(/[A-Z0-9|$€]+/g) ?? []).filter((w) => /[A-Z]/.test(w)).map((w) => [...w].map((c) => AS_LETTER[c] ?? c).join(""));
}

/** Edit distance between two short words, giving up past `max` (then returns max + 1). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length] as number;
}

/** Edits a word may carry and still be read as a label: none for short words, one from five letters. */
const tolerance = (word: string) => (word.length >= 5 ? 1 : 0);

/** Whether a text holds one of `words` (upper case), allowing one OCR slip in words of five letters or more. */
export function hasWordLike(text: string, words: readonly string[]): boolean {
  const seen = letterWords(text);
  return words.some((target) => seen.some((w) => w === target || editDistance(w, target, tolerance(target)) <= tolerance(target)));
}

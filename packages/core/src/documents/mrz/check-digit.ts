/** ICAO 9303 character values: '<' is 0, digits are themselves, A..Z are 10..35; anything else has no value. */
export function mrzCharValue(char: string): number | undefined {
  if (char === "<") return 0;
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return undefined;
}

const WEIGHTS = [7, 3, 1] as const;

/** The ICAO 9303 check digit (weights 7-3-1, modulo 10), or undefined when the text holds a non-MRZ character. */
export function computeCheckDigit(text: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const value = mrzCharValue(text.charAt(i));
    if (value === undefined) return undefined;
    sum += value * (WEIGHTS[i % 3] ?? 0);
  }
  return sum % 10;
}

/** Whether `digit` is the check digit of `text`; a '<' check digit is accepted only for an empty (all-filler) field. */
export function checkDigitMatches(text: string, digit: string): boolean {
  if (digit === "<") return /^<*$/.test(text);
  const computed = computeCheckDigit(text);
  return computed !== undefined && String(computed) === digit;
}

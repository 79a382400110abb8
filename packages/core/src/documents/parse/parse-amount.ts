// Money as printed: "1.234,56" (most of Europe), "1,234.56" (UK, US, Asia), "8.00", "€ 717,97".

export type TAmountMatch = { value: string; index: number; raw: string };

/** A decimal string ("1234.56") from one printed amount, or null. */
export function normaliseAmount(raw: string): string | null {
  let s = raw.replace(/[^\d.,-]/g, "");
  const negative = s.startsWith("-");
  s = s.replace(/-/g, "");
  if (!/\d/.test(s)) return null;
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  const decimalAt = Math.max(lastDot, lastComma);
  let intPart = s;
  let fraction = "";
  // The last separator is the decimal one when one or two digits follow it.
  if (decimalAt >= 0 && s.length - decimalAt - 1 <= 2 && s.length - decimalAt - 1 > 0) {
    intPart = s.slice(0, decimalAt);
    fraction = s.slice(decimalAt + 1);
  }
  intPart = intPart.replace(/[.,]/g, "") || "0";
  const value = `${negative ? "-" : ""}${String(Number(intPart))}${fraction ? `.${fraction.padEnd(2, "0")}` : ".00"}`;
  return /^-?\d+\.\d{2}$/.test(value) ? value : null;
}

/** Every amount with decimals in a text ("8.00", "717,97", "$4.11"), in order. */
export function findAmounts(text: string): TAmountMatch[] {
  const out: TAmountMatch[] = [];
  // OCR often puts a space after the decimal point ("RM20. 40").
  // Thousands may be grouped with spaces only before a decimal comma ("1 234,56"): on receipts a
  // quantity stands before a price ("1 160.00" is one item at 160.00, not 1160.00).
  // Each alternative starts where a run of digits starts ((?<!\d)), so a long run is scanned once, not once per digit.
  // Swiss grouping with an apostrophe ("1'080.00"); India's in lakhs and crores ("1,29,999.00").
  // A run of numbers joined by dots or slashes is a date or a reference, not an amount: "15.12" is
  // not taken out of "bis 15.12.2024", nor "2.24" out of "1.2.24".
  for (const m of text.matchAll(
    /(?<!\d)(?<!\d[./])(?:-?\d{1,2}(?:,\d{2})+,\d{3}\.\d{2}(?!\d)|-?\d{1,3}(?:['’]\d{3})+[.,]\d{2}(?!\d)|-?\d{1,3}(?:[.,]\d{3})*[.,]\d{2}(?!\d)|-?\d{1,3}(?:\s\d{3})+,\d{2}(?!\d)|-?\d+[.,] ?\d{2}(?!\d))(?![./,]\d)/g,
  )) {
    const value = normaliseAmount(m[0].replace(/\s/g, ""));
    if (value) out.push({ value, index: m.index, raw: m[0] });
  }
  return out;
}

/** Currency from symbols and codes in a text. */
export function detectCurrency(text: string): string | null {
  const checks: [RegExp, string][] = [
    [/\bRM\b|\bMYR\b/i, "MYR"],
    [/€|\bEUR\b/, "EUR"],
    [/£|\bGBP\b/, "GBP"],
    [/\bS\$|\bSGD\b/, "SGD"],
    [/\bINR\b|\bRs\.?\s?\d|₹/, "INR"],
    [/\bCHF\b/, "CHF"],
    [/zł|\bPLN\b/, "PLN"],
    [/\bSEK\b/, "SEK"],
    [/\bNOK\b/, "NOK"],
    [/\bDKK\b/, "DKK"],
    [/Kč|\bCZK\b/, "CZK"],
    [/\bR\$|\bBRL\b/, "BRL"],
    [/\bCAD\b|\bC\$/, "CAD"],
    [/\bAUD\b|\bA\$/, "AUD"],
    // A bare "$" counts only before an amount: OCR turns "S" into "$" ("Jalan $521/39").
    [/\bUSD\b|US Dollars|\$\s?\d{1,3}(?:,\d{3})*\.\d{2}\b|\$\s?\d+[.,]\d{2}\b/, "USD"],
  ];
  for (const [pattern, code] of checks) if (pattern.test(text)) return code;
  return null;
}

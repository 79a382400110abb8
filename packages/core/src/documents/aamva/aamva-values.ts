/** A normalised value and whether it had to be guessed at (a non-standard format that was still readable). */
export type TNormalised<T> = { value: T; repaired: boolean } | null;

/** Order of the eight date digits: USA writes MMDDCCYY, Canada CCYYMMDD; version 1 cards used either. */
export type TDateOrder = "MDY" | "YMD" | "either";

const NO_VALUE = new Set(["", "NONE", "UNAVL", "UNAVAIL", "UNAVAILABLE", "UNK", "N/A"]);

/** Trimmed text, or null for the AAMVA placeholders meaning "no value". */
export function cleanText(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const value = raw.replace(/\s+/g, " ").trim();
  return NO_VALUE.has(value.toUpperCase()) ? null : value;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function readOrder(digits: string, order: "MDY" | "YMD"): string | null {
  return order === "MDY"
    ? isoDate(Number(digits.slice(4, 8)), Number(digits.slice(0, 2)), Number(digits.slice(2, 4)))
    : isoDate(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6, 8)));
}

/** An eight-digit AAMVA date as YYYY-MM-DD; the other digit order is tried (and flagged) when the expected one is impossible. */
export function parseAamvaDate(raw: string | undefined, order: TDateOrder): TNormalised<string> {
  const digits = raw?.trim() ?? "";
  if (!/^\d{8}$/.test(digits)) return null;
  if (order === "either") {
    const value = readOrder(digits, "YMD") ?? readOrder(digits, "MDY");
    return value ? { value, repaired: false } : null;
  }
  const expected = readOrder(digits, order);
  if (expected) return { value: expected, repaired: false };
  const other = readOrder(digits, order === "MDY" ? "YMD" : "MDY");
  return other ? { value: other, repaired: true } : null;
}

/** DBC: 1 = male, 2 = female, 9 = not specified (X); version 1 cards wrote M/F. */
export function parseSex(raw: string | undefined): TNormalised<"M" | "F" | "X"> {
  const code = raw?.trim().toUpperCase();
  if (code === "1" || code === "M") return { value: "M", repaired: false };
  if (code === "2" || code === "F") return { value: "F", repaired: false };
  if (code === "9" || code === "X") return { value: "X", repaired: false };
  return null;
}

const CM_PER_INCH = 2.54;

/** DAU as centimetres: "069 in", "175 cm" (version 2+), "5-09" or "509" feet-inches (version 1); DAV is version 1's height in cm. */
export function parseHeightCm(dau: string | undefined, dav: string | undefined, version: number): TNormalised<number> {
  const raw = dau?.trim().toUpperCase() ?? "";
  const withUnit = /^(\d{1,3})\s*(IN|CM)\b/.exec(raw);
  if (withUnit?.[1] && withUnit[2]) {
    const n = Number(withUnit[1]);
    return { value: withUnit[2] === "CM" ? n : Math.round(n * CM_PER_INCH), repaired: false };
  }
  const feetInches = /^(\d)\s*['-]?\s*(\d{2})"?$/.exec(raw);
  if (feetInches?.[1] && feetInches[2] && Number(feetInches[2]) < 12 && version < 2) {
    return { value: Math.round((Number(feetInches[1]) * 12 + Number(feetInches[2])) * CM_PER_INCH), repaired: false };
  }
  const cm = /^(\d{2,3})\s*(CM)?$/.exec(dav?.trim().toUpperCase() ?? "");
  if (cm?.[1]) return { value: Number(cm[1]), repaired: false };
  // A bare number without its unit: plausible adult inches or centimetres, flagged as a guess.
  const bare = /^(\d{2,3})$/.exec(raw);
  if (!bare?.[1]) return null;
  const n = Number(bare[1]);
  if (n >= 24 && n <= 96) return { value: Math.round(n * CM_PER_INCH), repaired: true };
  if (n >= 100 && n <= 250) return { value: n, repaired: true };
  return null;
}

/** ANSI D-20 eye colour codes used by DAY. */
const EYE_COLORS = new Set(["BLK", "BLU", "BRO", "GRY", "GRN", "HAZ", "MAR", "PNK", "DIC", "UNK"]);

/** DAY kept as its D-20 code (BRO, BLU, ...); other spellings are kept but flagged. */
export function parseEyeColor(raw: string | undefined): TNormalised<string> {
  const code = raw?.trim().toUpperCase() ?? "";
  if (code === "" || code === "UNK") return null;
  return { value: code, repaired: !EYE_COLORS.has(code) };
}

/** DAK: a 9-digit ZIP padded with 0000 becomes 5 digits, ZIP+4 gets its dash, Canadian codes get their space. */
export function parsePostalCode(raw: string | undefined): TNormalised<string> {
  const code = raw?.trim().toUpperCase() ?? "";
  if (code === "") return null;
  const zip = /^(\d{5})-?(\d{4})?$/.exec(code);
  if (zip?.[1]) {
    return { value: zip[2] && zip[2] !== "0000" ? `${zip[1]}-${zip[2]}` : zip[1], repaired: false };
  }
  const canadian = /^([A-Z]\d[A-Z])\s*(\d[A-Z]\d)$/.exec(code);
  if (canadian?.[1] && canadian[2]) return { value: `${canadian[1]} ${canadian[2]}`, repaired: false };
  return { value: code, repaired: true };
}

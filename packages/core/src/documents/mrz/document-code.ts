import type { TOptionGrid } from "./mrz-cell-options";
import type { TMrzFormat } from "./mrz-layouts";

/**
 * What a document code may start with, by format (ICAO 9303 parts 4 to 7): P for a passport, V for
 * a visa, A, C or I for the other official travel documents (identity cards). No check digit
 * covers the code; this list is what checks its first letter.
 */
const FIRST_LETTERS: Record<TMrzFormat, string> = { TD3: "P", TD2: "ACI", TD1: "ACI", MRVA: "V", MRVB: "V", FRENCH_ID: "I" };

/** Letters OCR makes of each first letter, with the letter meant. */
const LOOK_ALIKES: Readonly<Record<string, string>> = { T: "I", J: "I", L: "I", "1": "I", "|": "I", F: "P", R: "P", O: "C", "0": "C", G: "C" };

/**
 * The document code's first letter made one the format allows: the cheapest allowed option of the
 * position, else the letter the reading is a look-alike of ("TD" for ID, "FN" for PN). A reading
 * that is neither is left as read (it is no MRZ, or lines out of place).
 */
export function resolveDocumentCode(grid: TOptionGrid, format: TMrzFormat): void {
  const row = grid[0];
  const options = row?.[0];
  const allowed = FIRST_LETTERS[format];
  if (!row || !options || options.length === 0 || allowed.includes(options[0]?.char ?? "")) return;
  const chosen = options.find((option) => allowed.includes(option.char));
  const meant = LOOK_ALIKES[options[0]?.char ?? ""];
  if (chosen) row[0] = [chosen, ...options.filter((option) => option !== chosen)];
  else if (meant && allowed.includes(meant)) row[0] = [{ char: meant, cost: 0, guess: false }, ...options];
}

import { parseAamva } from "../../../documents/aamva/parse-aamva";
import type { TDriversLicense } from "../../../documents/schemas";
import { readPdf417, type TReadPdf417Options } from "./read-pdf417";

/** An AAMVA header sits in the first bytes; anything else is some other PDF417 (a shipping label, a boarding pass). */
const AAMVA_HEADER = /^.{0,8}@[\s\S]{0,4}(ANSI|AAMVA)/;

/**
 * The driver's licence encoded in a photo of a card's back (page 0), or null when it holds no AAMVA barcode.
 * A barcode that is AAMVA but damaged throws AppError CORRUPT_FILE so the person can rescan.
 */
export async function readDriversLicenseBarcode(image: Uint8Array, opts: TReadPdf417Options = {}): Promise<TDriversLicense | null> {
  const symbols = await readPdf417(image, opts);
  const licence = symbols.find((symbol) => AAMVA_HEADER.test(symbol.text));
  if (!licence) return null;
  return parseAamva(licence.text, { source: { page: 0, bbox: licence.bbox } });
}

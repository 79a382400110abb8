import { parseAamva } from "../documents/aamva/parse-aamva";
import { mrzToDocument } from "../documents/mrz/parse-mrz";
import type { TIdentityReaders } from "./analyze-document";
import { readMrz, stopMrzOcr } from "./engines/mrz/read-mrz";
import { readPdf417 } from "./engines/pdf417/read-pdf417";

/** The identity-document readers (PDF417/AAMVA, MRZ) wired into the pipeline. */
export const identityReaders: TIdentityReaders = {
  readBarcodes: (image, options) => readPdf417(image, options),
  parseDriversLicense: (payload, source) => parseAamva(payload, { source }),
  async readMrz(image) {
    const read = await readMrz(image);
    // The reader's own correction (fillers decided by glyph shape), not a re-parse of its text lines.
    // Only an MRZ whose check digits all agree short-cuts the pipeline: text that merely looks like one
    // (a card slip, a barcode caption) must not turn a receipt into a passport.
    return read?.mrz.valid ? mrzToDocument(read.mrz, { source: { page: 0, bbox: read.bbox } }) : null;
  },
};

export async function stopIdentityReaders(): Promise<void> {
  await stopMrzOcr();
}

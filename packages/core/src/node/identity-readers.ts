import { parseAamva } from "../documents/aamva/parse-aamva";
import type { TIdentityReaders } from "./analyze-document";
import { readPdf417 } from "./engines/pdf417/read-pdf417";

/** The identity-document readers (PDF417/AAMVA, MRZ) wired into the pipeline. */
export const identityReaders: TIdentityReaders = {
  readBarcodes: (image) => readPdf417(image),
  parseDriversLicense: (payload) => parseAamva(payload),
};

export async function stopIdentityReaders(): Promise<void> {}

import { classifyText, type TClassification } from "../documents/classify-document";
import { readEmbeddedInvoice } from "./engines/e-invoice";
import { documentTypeDefinition, type TStructuredDocument } from "../documents/schemas";
import type { TFieldSource } from "../documents/field";
import { PIPELINE_VERSION, type TBBox, type TEngineName, type TPage } from "../extraction/extraction-result";
import type { TSupportedType } from "../validation/detect-type";
import { escalateToMistral, needsEscalation, type TEscalationOptions } from "./escalate-to-mistral";
import { extractDocument, type TProgress } from "./extract-document";
import { photoPage } from "./photo-page";
import { secondOpinion } from "./second-opinion";
import { withRemoteReading, type TAnalysis, type TBarcode } from "./analysis";

export type { TAnalysis, TBarcode } from "./analysis";

/** Optional readers that short-cut OCR for identity documents; wired by the caller so tests can run without them. */
export type TIdentityReaders = {
  /**
   * Decodes PDF417 barcodes on an image; AAMVA payloads become a driver's licence. `flattened`:
   * read the card found by its outline, warped flat, instead (a licence photographed at an angle).
   */
  readBarcodes?: (image: Uint8Array, options?: { flattened?: boolean }) => Promise<{ text: string; bbox?: TBBox }[]>;
  /** `source` is where the barcode sits on the image, so each field read from it can be shown there. */
  parseDriversLicense?: (payload: string, source: TFieldSource) => TStructuredDocument | null;
  /** Reads an MRZ on an image; returns the structured passport or ID card when its check digits hold. */
  readMrz?: (image: Uint8Array) => Promise<TStructuredDocument | null>;
};

const describeFailure = (reader: string, error: unknown) =>
  `${reader}: ${error instanceof Error ? `${"code" in error ? String(error.code) : error.name} ${error.message}` : String(error)}`.slice(0, 300);

// AAMVA files open with "@", LF, RS (0x1e), CR and "ANSI " (older cards: "AAMVA").
// eslint-disable-next-line no-control-regex
const isAamva = (text: string) => /^@?\s*[\n\x1e\r]*\s*(ANSI |AAMVA)/.test(text.slice(0, 24)) || text.includes("ANSI 6");

/**
 * The whole local pipeline, cheapest first: PDF text layer -> PDF417 (AAMVA) -> MRZ -> local OCR,
 * then classification and structuring into the canonical schema of the document's type.
 */
export async function analyzeDocument(input: {
  bytes: Uint8Array;
  type: TSupportedType;
  readers?: TIdentityReaders;
  /** With a Mistral key configured: escalate when required fields are missing or unsure. */
  mistral?: TEscalationOptions;
  signal?: AbortSignal;
  onProgress?: (progress: TProgress) => void | Promise<void>;
  /** Scanned pages local OCR may read (see extractDocument). */
  ocrPageBudget?: number;
}): Promise<TAnalysis> {
  const { bytes, type, readers = {} } = input;
  const engines: TEngineName[] = [];
  const barcodes: TBarcode[] = [];
  const warnings: string[] = [];
  const isImage = type !== "application/pdf";
  // The OCR starts at once, beside the barcode search (on the main thread, up to a second on a
  // photo with no barcode): a receipt is not kept waiting for it; a licence found stops the OCR.
  const foundLicence = new AbortController();
  // A page photographed on a table is read warped flat (its boxes back on the photo); a flattener
  // that cannot start leaves the photo to be read as it is.
  const page = isImage ? photoPage(bytes).catch(() => null) : Promise.resolve(null);
  const reading = page.then(async (flat) => {
    const read = await extractDocument({
      bytes: flat?.bytes ?? bytes,
      type: flat ? "image/png" : type,
      signal: input.signal ? AbortSignal.any([input.signal, foundLicence.signal]) : foundLicence.signal,
      onProgress: input.onProgress,
      ocrPageBudget: input.ocrPageBudget,
    });
    return flat ? { ...read, pages: flat.onPhoto(read.pages) } : read;
  });
  // Handled below, or abandoned when a licence is found.
  reading.catch(() => undefined);
  // A hybrid e-invoice (ZUGFeRD, Factur-X) states its fields in the XML it carries: read beside the pages.
  const embedded = isImage ? Promise.resolve(null) : readEmbeddedInvoice(bytes);

  if (isImage && readers.readBarcodes) {
    // A reader that fails only loses its shortcut: the document is still read by OCR, and the failure is reported.
    const found = await readers.readBarcodes(bytes).catch((error: unknown) => {
      warnings.push(describeFailure("pdf417", error));
      return [];
    });
    engines.push("pdf417");
    barcodes.push(...found.map((b) => ({ format: "PDF417" as const, text: b.text, page: 0 })));
    const licence = licenceOf(found, readers, warnings);
    if (licence) {
      foundLicence.abort();
      return finish({ engines, barcodes, warnings, pages: [], document: licence, confidence: 0.99 });
    }
  }
  const read = await reading;
  const classification = classifyText(read.text);
  // A document its own reader read (MRZ, PDF417, an e-invoice's XML): the pages kept beside it.
  const identified = (document: TStructuredDocument, confidence: number): TAnalysis => ({
    ...read,
    engines: [...engines, ...read.engines],
    barcodes,
    warnings,
    classification: { type: document.type, confidence },
    document,
  });
  // The e-invoice's own values: exact, so neither a second reading nor a paid one is asked for.
  const eInvoice = await embedded;
  if (eInvoice) {
    engines.push("e-invoice");
    return identified(eInvoice, 0.99);
  }
  // The MRZ reader runs its own OCR pass (a few hundred ms to seconds), so it runs only where the
  // page looks like an identity document rather than on every receipt.
  if (isImage && readers.readMrz && looksLikeIdentityDocument(read.text, classification)) {
    const travel = await readers.readMrz(bytes).catch((error: unknown) => {
      warnings.push(describeFailure("mrz", error));
      return null;
    });
    engines.push("mrz");
    if (travel) return identified(travel, 0.95);
  }
  // A licence's back photographed at an angle on a table: its barcode's rows converge past the
  // decoder's reach. Where the page may be an identity document, the card is found by its outline,
  // warped flat and searched again (OpenCV.js, loaded once: not on every receipt).
  if (isImage && readers.readBarcodes && barcodes.length === 0 && (looksLikeIdentityDocument(read.text, classification) || LICENCE_WORDS.test(read.text))) {
    const found = await readers.readBarcodes(bytes, { flattened: true }).catch((error: unknown) => {
      warnings.push(describeFailure("pdf417", error));
      return [];
    });
    barcodes.push(...found.map((b) => ({ format: "PDF417" as const, text: b.text, page: 0 })));
    const licence = licenceOf(found, readers, warnings);
    if (licence) return identified(licence, 0.99);
  }
  let document = structureByType(classification, read.pages);
  const localEngines: TEngineName[] = [...engines, ...read.engines];
  // An unsure receipt or invoice read by OCR gets a second local reading by the other engine.
  const flat = await page;
  const second = await secondOpinion({
    bytes: flat?.bytes ?? bytes,
    type: flat ? "image/png" : type,
    onPhoto: flat?.onPhoto,
    pages: read.pages,
    engines: read.engines,
    document,
    structure: (pages) => structureByType(classification, pages),
    classification,
    signal: input.signal,
  });
  if (second) {
    document = second.document;
    localEngines.push(second.engine);
  }
  const local: TAnalysis = { ...read, engines: localEngines, barcodes, warnings, classification, document };
  if (!input.mistral || !needsEscalation(document, input.mistral.threshold ?? 0.6)) return local;
  await input.onProgress?.({ step: "ocr" });
  const remote = await escalateToMistral({ bytes, type, local: document, localPages: local.pages, options: input.mistral, signal: input.signal });
  return withRemoteReading(local, remote);
}

/** The driver's licence an AAMVA payload among the barcodes makes; a payload the parser refuses is reported. */
function licenceOf(found: { text: string; bbox?: TBBox }[], readers: TIdentityReaders, warnings: string[]): TStructuredDocument | null {
  const aamva = found.find((b) => isAamva(b.text));
  if (!aamva || !readers.parseDriversLicense) return null;
  try {
    return readers.parseDriversLicense(aamva.text, aamva.bbox ? { page: 0, bbox: aamva.bbox } : null);
  } catch (error) {
    warnings.push(describeFailure("aamva", error));
    return null;
  }
}

/** Words on the back of a driving licence (its barcode's side). */
const LICENCE_WORDS = /driv(er|ing)|licen[cs]e|endorsements|restrictions|permis de conduire|führerschein/i;

// "Visa" is left out: it is printed on every card-paid receipt.
const IDENTITY_WORDS = /passport|passeport|reisepass|pasaporte|passaporto|identity\s+card|carte\s+d.identit|personalausweis/i;

function looksLikeIdentityDocument(text: string, classification: TClassification): boolean {
  // Only a type its words named (a receipt, an invoice) is ruled out: an ID photo's general OCR is often too poor to tell.
  if ((documentTypeDefinition(classification.type)?.cues.length ?? 0) === 0) return true;
  if (IDENTITY_WORDS.test(text)) return true;
  // MRZ-like lines: long runs of capitals and digits with no spaces, whatever '<' was read as.
  return text.split("\n").filter((l) => /^[A-Z0-9<]{28,46}$/.test(l.replace(/\s/g, ""))).length >= 2;
}

const blankOther = (): TStructuredDocument => ({ type: "other", fields: { title: { value: null, confidence: 0, source: null, method: "ocr-rules" } } });

/** The fields of the classified type by its structurer; a type read only by its own reader (an MRZ that failed) is kept as "other". */
function structureByType(classification: TClassification, pages: TPage[]): TStructuredDocument {
  const structure = documentTypeDefinition(classification.type)?.structure ?? blankOther;
  // Each structurer was checked against its own type's schema where the type was defined.
  return structure(pages) as TStructuredDocument;
}

function finish(parts: {
  engines: TEngineName[];
  barcodes: TBarcode[];
  warnings: string[];
  pages: TPage[];
  document: TStructuredDocument;
  confidence: number;
}): TAnalysis {
  return {
    pipelineVersion: PIPELINE_VERSION,
    engines: parts.engines,
    pages: parts.pages,
    text: "",
    confidence: parts.confidence,
    barcodes: parts.barcodes,
    warnings: parts.warnings,
    classification: { type: parts.document.type, confidence: parts.confidence },
    document: parts.document,
  };
}

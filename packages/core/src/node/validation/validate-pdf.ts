import { AppError } from "../../errors/app-error";
import { ENCRYPTED_PDF_MESSAGE } from "../../validation/check-pdf-structure";
import { headTailOf } from "../../validation/head-tail";
import { validateDocument } from "../../validation/validate-document";
import { resolveLimits, type TValidationLimits } from "../../validation/validation-limits";
import { openPdf, type TPdfDocument } from "../engines/pdfjs";
import { detectActiveContent, type TPdfActiveContent } from "./pdf-active-content";

export type TPdfValidation = TPdfActiveContent & { kind: "pdf"; type: "application/pdf"; pageCount: number };

export type TDeepValidationOptions = { declaredType?: string | null; limits?: Partial<TValidationLimits> };

/**
 * The full check of a PDF on the server: the head/tail checks, then a parse with pdfjs for page
 * count, encryption and damage. JavaScript and embedded files are flagged, never run or extracted.
 */
export async function validatePdf(bytes: Uint8Array, options: TDeepValidationOptions = {}): Promise<TPdfValidation> {
  const limits = resolveLimits(options.limits);
  const { type } = validateDocument({ ...headTailOf(bytes), declaredType: options.declaredType, limits });
  if (type !== "application/pdf") {
    throw new AppError("TYPE_MISMATCH", "This file is an image, not a PDF. Upload it as an image.");
  }
  const doc = await openPdf(bytes);
  try {
    // pdfjs opens a PDF encrypted with an empty user password without asking; the head/tail check
    // misses an /Encrypt entry that sits more than 1 KB from the end (cross-reference streams).
    if (await isEncrypted(doc)) throw new AppError("ENCRYPTED_PDF", ENCRYPTED_PDF_MESSAGE);
    const pageCount = doc.numPages;
    if (pageCount > limits.maxPages) {
      throw new AppError(
        "TOO_MANY_PAGES",
        `This PDF has ${pageCount.toLocaleString("en-US")} pages, over the ${limits.maxPages.toLocaleString("en-US")}-page limit. Split it into smaller PDFs.`,
      );
    }
    await checkPagesOpen(doc, pageCount);
    return { kind: "pdf", type, pageCount, ...(await detectActiveContent(doc, bytes)) };
  } finally {
    await doc.destroy();
  }
}

async function isEncrypted(doc: TPdfDocument): Promise<boolean> {
  const { info } = await doc.getMetadata();
  // pdfjs types `info` as Object; EncryptFilterName is set (e.g. "Standard") when the file is encrypted.
  return typeof info === "object" && info !== null && "EncryptFilterName" in info && info.EncryptFilterName != null;
}

// pdfjs opens a damaged file in recovery mode and only fails when a page is read: read the first
// and the last, which between them need the page tree whole.
async function checkPagesOpen(doc: TPdfDocument, pageCount: number): Promise<void> {
  if (pageCount === 0) {
    throw new AppError("CORRUPT_FILE", "This PDF has no pages. Export or scan it again.");
  }
  try {
    await doc.getPage(1);
    if (pageCount > 1) await doc.getPage(pageCount);
  } catch (error) {
    throw new AppError("CORRUPT_FILE", "This PDF is damaged and its pages cannot be read. Export or scan it again.", {
      cause: error,
    });
  }
}

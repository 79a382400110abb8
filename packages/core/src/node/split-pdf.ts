import { PDFDocument } from "pdf-lib";
import { checkPageRanges, type TPageRange } from "../documents/page-ranges";
import { AppError } from "../errors/app-error";
import { ENCRYPTED_PDF_MESSAGE } from "../validation/check-pdf-structure";
import { resolveLimits, type TValidationLimits } from "../validation/validation-limits";

/** One part of a split PDF: its pages in the original, how many, and its own PDF bytes. */
export type TPdfPart = { range: TPageRange; pages: number; bytes: Uint8Array };

/**
 * Splits a PDF into one PDF per page range (1-based, inclusive), in the order given. The ranges
 * are checked against the file first (checkPageRanges), and the file against the page limit
 * uploads have, so the work is bounded by MAX_SPLIT_PARTS parts of at most maxPages pages.
 * The same bytes and ranges always give the same parts, so a part split twice is the same document.
 */
export async function splitPdf(bytes: Uint8Array, ranges: readonly TPageRange[], options: { limits?: Partial<TValidationLimits> } = {}): Promise<TPdfPart[]> {
  const limits = resolveLimits(options.limits);
  const { source, pageCount } = await loadPdf(bytes);
  if (pageCount > limits.maxPages) {
    throw new AppError(
      "TOO_MANY_PAGES",
      `This PDF has ${pageCount.toLocaleString("en-US")} pages, over the ${limits.maxPages.toLocaleString("en-US")}-page limit. Split it into smaller PDFs on your device.`,
    );
  }
  if (pageCount < 2) {
    throw new AppError("BAD_REQUEST", "Only a PDF of several pages can be split by pages; this one has a single page.");
  }
  checkPageRanges(ranges, pageCount);
  const parts: TPdfPart[] = [];
  for (const range of ranges) {
    // No creation date or producer: they would make each split of the same pages new bytes, and
    // a part split again would not be recognised as the document already kept.
    const part = await PDFDocument.create({ updateMetadata: false });
    const indices = Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from - 1 + i);
    try {
      for (const page of await part.copyPages(source, indices)) part.addPage(page);
      parts.push({ range, pages: indices.length, bytes: await part.save() });
    } catch (error) {
      throw damaged(error);
    }
  }
  return parts;
}

const damaged = (cause: unknown) =>
  new AppError("CORRUPT_FILE", "This PDF is damaged and its pages cannot be read, so it cannot be split. Export or scan it again.", { cause });

// pdf-lib loads damaged files leniently and only fails when the page tree is walked: count the
// pages here. Encryption is asked of the loaded file: the EncryptedPDFError pdf-lib would throw
// instead is transpiled to a plain Error that instanceof cannot tell apart.
async function loadPdf(bytes: Uint8Array): Promise<{ source: PDFDocument; pageCount: number }> {
  let source: PDFDocument;
  let pageCount: number;
  try {
    source = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
    pageCount = source.getPageCount();
  } catch (error) {
    throw damaged(error);
  }
  if (source.isEncrypted) throw new AppError("ENCRYPTED_PDF", ENCRYPTED_PDF_MESSAGE);
  return { source, pageCount };
}

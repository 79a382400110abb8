import { PIPELINE_VERSION, type TEngineName, type TExtractionResult, type TPage } from "../extraction/extraction-result";
import type { TSupportedType } from "../validation/detect-type";
import { pdfTextEngine } from "./engines/pdf-text-engine";
import { AppError } from "../errors/app-error";
import type { TEngineInput, TEngineOutput } from "./engines/engine";
import { isEngineFault, localOcrEngines } from "./engines/local-ocr";

export type TProgress = { step: "reading" | "ocr" | "done"; page?: number; pages?: number };

// A page whose text layer has fewer characters than this is treated as a scan and OCRed.
const MIN_TEXT_LAYER_CHARS = 16;
/** Scanned pages local OCR reads of one document (about a second each); text-layer pages are cheap and not counted. */
export const DEFAULT_OCR_PAGE_BUDGET = 200;

/** Local OCR with the configured engine; the other one reads when the first fails (not when the input is bad). */
async function readLocally(input: TEngineInput): Promise<TEngineOutput> {
  const [first, second] = localOcrEngines(input.type === "application/pdf" ? "pdf" : "image");
  try {
    return await first.read(input);
  } catch (error) {
    if (!isEngineFault(error)) throw error;
    return second.read(input);
  }
}

/** Runs the cheapest engine that is good enough: the PDF text layer first, local OCR for the rest. */
export async function extractDocument(input: {
  bytes: Uint8Array;
  type: TSupportedType;
  signal?: AbortSignal;
  onProgress?: (progress: TProgress) => void | Promise<void>;
  /** At most this many pages are OCRed; a document with more scanned pages is refused before any is read. */
  ocrPageBudget?: number;
}): Promise<TExtractionResult> {
  const { bytes, type, signal, onProgress } = input;
  const ocrPageBudget = input.ocrPageBudget ?? DEFAULT_OCR_PAGE_BUDGET;
  const engines: TEngineName[] = [];
  let pages: TPage[];

  if (type === "application/pdf") {
    await onProgress?.({ step: "reading" });
    const layer = await pdfTextEngine.read({ bytes, type, signal });
    engines.push("pdf-text");
    pages = layer.pages;
    const scanned = pages.filter((p) => p.text.replace(/\s/g, "").length < MIN_TEXT_LAYER_CHARS).map((p) => p.index + 1);
    if (scanned.length > ocrPageBudget) {
      throw new AppError(
        "TOO_MANY_PAGES",
        `This PDF has ${scanned.length.toLocaleString("en-US")} pages without a text layer; local OCR reads at most ${ocrPageBudget.toLocaleString("en-US")} scanned pages of one document. Split it into smaller PDFs.`,
      );
    }
    if (scanned.length > 0) {
      await onProgress?.({ step: "ocr", pages: scanned.length });
      const ocr = await readLocally({ bytes, type, signal, pageNumbers: scanned });
      engines.push(ocr.engine);
      const byIndex = new Map(ocr.pages.map((p) => [p.index, p]));
      pages = pages.map((p) => byIndex.get(p.index) ?? p);
    }
  } else {
    await onProgress?.({ step: "ocr", page: 1, pages: 1 });
    const ocr = await readLocally({ bytes, type, signal });
    pages = ocr.pages;
    engines.push(ocr.engine);
  }

  const text = pages.map((p) => p.text).join("\n\f\n");
  const confidence = pages.length ? pages.reduce((sum, p) => sum + p.confidence, 0) / pages.length : 0;
  await onProgress?.({ step: "done" });
  return { pipelineVersion: PIPELINE_VERSION, engines, pages, text, confidence };
}

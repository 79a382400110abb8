import { analyzeDocument } from "../../src/node/analyze-document";
import { readMrz } from "../../src/node/engines/mrz/read-mrz";
import { pdfTextEngine } from "../../src/node/engines/pdf-text-engine";
import { readPdf417 } from "../../src/node/engines/pdf417/read-pdf417";
import { renderPdfPages } from "../../src/node/engines/render-pdf";
import { ocrImage } from "../../src/node/engines/tesseract-engine";
import { paddleImage } from "../../src/node/engines/paddle-engine";
import { identityReaders } from "../../src/node/identity-readers";
import { validateDocumentBytes } from "../../src/node/validation/validate-document-bytes";
import type { TSeedCorpus } from "./fuzz-seeds";

/**
 * Runs each selected engine once on a valid seed, so modules, wasm and OCR workers are loaded before
 * the memory baseline is taken; what grows after that is the inputs' doing.
 */
export async function warmUp(corpus: TSeedCorpus, targets: string[]): Promise<void> {
  const seed = (name: string): Uint8Array => corpus.files.find((f) => f.name === name)?.bytes ?? new Uint8Array();
  const pdf = seed("receipt-pdf");
  const png = seed("receipt-png");
  const steps: Record<string, () => Promise<unknown>> = {
    validateDocumentBytes: () => Promise.all([validateDocumentBytes(pdf), validateDocumentBytes(png)]),
    pdfTextEngine: () => pdfTextEngine.read({ bytes: pdf, type: "application/pdf" }),
    renderPdfPages: async () => {
      for await (const page of renderPdfPages(pdf, { dpi: 36 })) void page;
    },
    readPdf417: () => readPdf417(seed("pdf417-png")),
    readMrz: () => readMrz(seed("mrz-png")),
    tesseractEngine: () => ocrImage(png, 0),
    paddleEngine: () => paddleImage(png, 0),
    analyzeDocument: () => analyzeDocument({ bytes: pdf, type: "application/pdf", readers: identityReaders }),
  };
  for (const target of targets) await steps[target]?.();
}

import sharp from "sharp";
import { parseAamva } from "../../src/documents/aamva/parse-aamva";
import { parseMrz } from "../../src/documents/mrz/parse-mrz";
import { structureInvoice } from "../../src/documents/types/invoice/structure-invoice";
import { structureReceipt } from "../../src/documents/types/receipt/structure-receipt";
import { analyzeDocument } from "../../src/node/analyze-document";
import { readMrz } from "../../src/node/engines/mrz/read-mrz";
import { pdfTextEngine } from "../../src/node/engines/pdf-text-engine";
import { readPdf417 } from "../../src/node/engines/pdf417/read-pdf417";
import { renderPdfPages } from "../../src/node/engines/render-pdf";
import { tesseractEngine } from "../../src/node/engines/tesseract-engine";
import { paddleEngine } from "../../src/node/engines/paddle-engine";
import { identityReaders } from "../../src/node/identity-readers";
import { validateDocumentBytes } from "../../src/node/validation/validate-document-bytes";
import { detectType, isSupportedType, type TSupportedType } from "../../src/validation/detect-type";
import { headTailOf } from "../../src/validation/head-tail";
import { validateDocument } from "../../src/validation/validate-document";
import { validateFile } from "../../src/validation/validate-file";
import { aamvaInput, byteInput, imageInput, mrzInput, pagesInput, randomDeclaredType, type TRng, type TSeedCorpus } from "./fuzz-inputs";

/** One generated input: what made it, the call under test, and whether that call would reach OCR. */
export type TFuzzCase = {
  steps: string[];
  run: () => unknown;
  /** Predicts (cheaply) whether `run` reaches local OCR, which the campaign budgets. */
  reachesOcr?: () => Promise<boolean>;
};

export type TFuzzTarget = {
  name: string;
  /** Inputs at scale 1. */
  count: number;
  /** Native or wasm code that could crash the process: run in a child process (see run-isolated.ts). */
  native?: boolean;
  /** How many of this target's inputs may reach OCR (about 0.3-1 s each) at scale 1. */
  ocrBudget?: number;
  make: (rng: TRng, corpus: TSeedCorpus) => TFuzzCase | Promise<TFuzzCase>;
};

/** Renders every page at a low resolution: the parsing and drawing paths are the same as at 300 dpi, at a tenth of the cost. */
async function renderAll(bytes: Uint8Array): Promise<number> {
  let pages = 0;
  for await (const page of renderPdfPages(bytes, { dpi: 36 })) pages += page.png.length > 0 ? 1 : 0;
  return pages;
}

async function decodes(bytes: Uint8Array): Promise<boolean> {
  try {
    await sharp(bytes).rotate().raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

// The type the worker would pass: what the bytes say, else a random supported type (a client lying).
function engineType(rng: TRng, bytes: Uint8Array): TSupportedType {
  const detected = detectType(bytes);
  if (isSupportedType(detected) && rng.chance(0.9)) return detected;
  return rng.pick(["image/png", "image/jpeg", "image/webp", "image/tiff", "application/pdf"] as const);
}

export const FUZZ_TARGETS: TFuzzTarget[] = [
  {
    name: "detectType",
    count: 2_000,
    make(rng, corpus) {
      const input = byteInput(rng, corpus);
      const head = input.bytes.subarray(0, rng.pick([0, 1, 4, 12, 32, 64, 4096]));
      return { steps: [...input.steps, `head ${head.length}`], run: () => detectType(head) };
    },
  },
  {
    name: "validateDocument",
    count: 6_000,
    make(rng, corpus) {
      const input = byteInput(rng, corpus);
      const declaredType = randomDeclaredType(rng, input.bytes);
      const whole = headTailOf(input.bytes);
      const shape = rng.int(4);
      // 0: whole file; 1: no tail (browser head-only); 2: the file claims to be larger than the bytes held; 3: odd limits.
      const args =
        shape === 0
          ? { ...whole, declaredType }
          : shape === 1
            ? { head: whole.head, size: whole.size, tail: null, declaredType }
            : shape === 2
              ? { ...whole, size: whole.size + rng.pick([1, 1024, 60_000_000]), declaredType }
              : {
                  ...whole,
                  declaredType,
                  limits: { maxPixels: rng.pick([0, 1, 10_000]), maxSidePixels: rng.pick([0, 100]), maxBytes: rng.pick([undefined, undefined, 10, 1e9]) },
                };
      return { steps: [...input.steps, `shape ${shape}`, `declared ${String(declaredType).slice(0, 32)}`], run: () => validateDocument(args) };
    },
  },
  {
    name: "validateFile",
    count: 2_500,
    make(rng, corpus) {
      const input = byteInput(rng, corpus);
      const declaredType = randomDeclaredType(rng, input.bytes);
      const head = input.bytes.subarray(0, rng.pick([32, 1024, 65_536]));
      const maxBytes = rng.chance(0.1) ? rng.pick([0, 1, 100]) : undefined;
      return {
        steps: [...input.steps, `head ${head.length}`, `declared ${String(declaredType).slice(0, 32)}`, `maxBytes ${String(maxBytes)}`],
        run: () => validateFile({ head, size: input.bytes.length, declaredType, maxBytes }),
      };
    },
  },
  {
    name: "parseAamva",
    count: 2_000,
    make(rng, corpus) {
      const input = aamvaInput(rng, corpus);
      return { steps: input.steps, run: () => parseAamva(input.text) };
    },
  },
  {
    name: "parseMrz",
    count: 2_000,
    make(rng, corpus) {
      const input = mrzInput(rng, corpus);
      return { steps: input.steps, run: () => parseMrz(input.input, { now: new Date("2026-06-01T00:00:00Z") }) };
    },
  },
  {
    name: "structureReceipt",
    count: 2_000,
    make(rng, corpus) {
      const input = pagesInput(rng, corpus);
      return { steps: input.steps, run: () => structureReceipt(input.pages) };
    },
  },
  {
    name: "structureInvoice",
    count: 2_000,
    make(rng, corpus) {
      const input = pagesInput(rng, corpus);
      return { steps: input.steps, run: () => structureInvoice(input.pages) };
    },
  },
  {
    name: "validateDocumentBytes",
    native: true,
    count: 400,
    async make(rng, corpus) {
      const input = rng.chance(0.25) ? await imageInput(rng, corpus) : byteInput(rng, corpus);
      const declaredType = rng.chance(0.3) ? randomDeclaredType(rng, input.bytes) : undefined;
      return { steps: [...input.steps, `declared ${String(declaredType).slice(0, 32)}`], run: () => validateDocumentBytes(input.bytes, { declaredType }) };
    },
  },
  {
    name: "pdfTextEngine",
    native: true,
    count: 300,
    make(rng, corpus) {
      const input = byteInput(rng, corpus, ["pdf"]);
      return { steps: input.steps, run: () => pdfTextEngine.read({ bytes: input.bytes, type: "application/pdf" }) };
    },
  },
  {
    name: "renderPdfPages",
    native: true,
    count: 100,
    make(rng, corpus) {
      const input = byteInput(rng, corpus, ["pdf"]);
      return { steps: [...input.steps, "dpi 36"], run: () => renderAll(input.bytes) };
    },
  },
  {
    name: "readPdf417",
    native: true,
    count: 150,
    async make(rng, corpus) {
      const input = await imageInput(rng, corpus, rng.chance(0.7) ? "pdf417" : "");
      const singlePass = rng.chance(0.5);
      return { steps: [...input.steps, `singlePass ${singlePass}`], run: () => readPdf417(input.bytes, { singlePass }) };
    },
  },
  {
    name: "readMrz",
    native: true,
    count: 60,
    ocrBudget: 6,
    async make(rng, corpus) {
      const input = await imageInput(rng, corpus, rng.chance(0.6) ? "mrz" : "");
      return { steps: input.steps, run: () => readMrz(input.bytes), reachesOcr: () => decodes(input.bytes) };
    },
  },
  {
    name: "tesseractEngine",
    native: true,
    count: 12,
    ocrBudget: 8,
    async make(rng, corpus) {
      const input = await imageInput(rng, corpus);
      const type = engineType(rng, input.bytes);
      return { steps: [...input.steps, `type ${type}`], run: () => tesseractEngine.read({ bytes: input.bytes, type }), reachesOcr: () => decodes(input.bytes) };
    },
  },
  {
    name: "paddleEngine",
    native: true,
    count: 12,
    ocrBudget: 8,
    async make(rng, corpus) {
      const input = await imageInput(rng, corpus);
      const type = engineType(rng, input.bytes);
      return { steps: [...input.steps, `type ${type}`], run: () => paddleEngine.read({ bytes: input.bytes, type }), reachesOcr: () => decodes(input.bytes) };
    },
  },
  {
    name: "analyzeDocument",
    native: true,
    count: 300,
    ocrBudget: 12,
    async make(rng, corpus) {
      // Mostly PDFs: an image always reaches OCR, a PDF only when a page has no text layer.
      const input = rng.chance(0.85) ? byteInput(rng, corpus, ["pdf"]) : await imageInput(rng, corpus);
      const type = engineType(rng, input.bytes);
      return {
        steps: [...input.steps, `type ${type}`],
        run: () => analyzeDocument({ bytes: input.bytes, type, readers: identityReaders }),
        reachesOcr: () => (type === "application/pdf" ? pdfNeedsOcr(input.bytes) : Promise.resolve(true)),
      };
    },
  },
];

// extractDocument OCRs the pages whose text layer has fewer than 16 characters.
async function pdfNeedsOcr(bytes: Uint8Array): Promise<boolean> {
  try {
    const { pages } = await pdfTextEngine.read({ bytes, type: "application/pdf" });
    return pages.some((p) => p.text.replace(/\s/g, "").length < 16);
  } catch {
    return false;
  }
}

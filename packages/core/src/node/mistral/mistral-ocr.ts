import type { OCRPageObject, OCRRequest, OCRResponse } from "@mistralai/mistralai/models/components";
import { z } from "zod";
import { ZPageSchema, type TPage } from "../../extraction/extraction-result";
import type { TSupportedType } from "../../validation/detect-type";
import { startMistralRun, type TMistralRun } from "./mistral-call";
import { type TMistralCallOptions, type TMistralConfig, type TMistralConfigInput, ZMistralConfigSchema } from "./mistral-config";
import { markdownToText } from "./markdown-to-text";

/**
 * Page confidence when the response carries no scores. Mistral OCR reads clean print well, but
 * without its own number docvault stays below the 0.9 the review rules treat as "sure".
 */
export const MISTRAL_DEFAULT_PAGE_CONFIDENCE = 0.8;

export type TMistralOcrInput = {
  bytes: Uint8Array;
  type: TSupportedType;
  signal?: AbortSignal;
  /** Only these pages (1-based, as in TEngineInput); all when absent. */
  pageNumbers?: number[];
};

export type TMistralOcrResult = { pages: TPage[]; pagesBilled: number; costUsd: number; model: string };
/** A reading kept between a batch's poll and the job that finishes the document, checked when read back. */
export const ZMistralOcrResultSchema = z.object({
  pages: z.array(ZPageSchema),
  pagesBilled: z.number().int().min(0),
  costUsd: z.number().min(0),
  model: z.string(),
});

const EXTENSIONS: Record<TSupportedType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/tiff": "tiff",
  "application/pdf": "pdf",
};

const clamp01 = (n: number): number => Math.min(1, Math.max(0, n));

function pageConfidence(page: OCRPageObject): number {
  const scores = page.confidenceScores;
  if (!scores) return MISTRAL_DEFAULT_PAGE_CONFIDENCE;
  if (Number.isFinite(scores.averagePageConfidenceScore)) return clamp01(scores.averagePageConfidenceScore);
  const words = scores.wordConfidenceScores ?? [];
  if (words.length === 0) return MISTRAL_DEFAULT_PAGE_CONFIDENCE;
  return clamp01(words.reduce((sum, w) => sum + w.confidence, 0) / words.length);
}

/** Mistral's word scores carry text offsets, not boxes, so pages have no positioned words. */
function toPage(page: OCRPageObject): TPage {
  return {
    index: page.index,
    width: page.dimensions?.width ?? 0,
    height: page.dimensions?.height ?? 0,
    text: markdownToText(page.markdown),
    confidence: pageConfidence(page),
    words: [],
  };
}

/** One OCR response as docvault's result, priced per billed page; real-time and batch OCR both read answers through it. */
export function toMistralOcrResult(response: OCRResponse, usdPer1000Pages: number): TMistralOcrResult {
  const pagesBilled = response.usageInfo.pagesProcessed;
  return {
    pages: response.pages.map(toPage).sort((a, b) => a.index - b.index),
    pagesBilled,
    costUsd: (pagesBilled * usdPer1000Pages) / 1000,
    model: response.model,
  };
}

/** Uploads the file for OCR; the caller owns deleting it. */
async function upload(run: TMistralRun, input: TMistralOcrInput): Promise<string> {
  // The real file name never leaves docvault: it may name a person.
  const fileName = `document.${EXTENSIONS[input.type]}`;
  const uploaded = await run.call("file upload", (options) => run.client.files.upload({ file: { fileName, content: input.bytes }, purpose: "ocr" }, options));
  return uploaded.id;
}

async function signedDocument(run: TMistralRun, fileId: string, type: TSupportedType): Promise<OCRRequest["document"]> {
  const signed = await run.call("signed URL", (options) => run.client.files.getSignedUrl({ fileId, expiry: run.config.signedUrlExpiryHours }, options));
  return type === "application/pdf" ? { type: "document_url", documentUrl: signed.url } : { type: "image_url", imageUrl: signed.url };
}

/** OCR through Mistral: small images inline, PDFs and large files uploaded (then deleted). */
export async function mistralOcr(input: TMistralOcrInput, configInput: TMistralConfigInput, callOptions: TMistralCallOptions = {}): Promise<TMistralOcrResult> {
  const config = ZMistralConfigSchema.parse(configInput);
  const run = startMistralRun(config, input.signal);
  const inline = input.type !== "application/pdf" && input.bytes.byteLength <= config.inlineMaxBytes;

  let fileId: string | undefined;
  try {
    let document: OCRRequest["document"];
    if (inline) {
      document = { type: "image_url", imageUrl: `data:${input.type};base64,${Buffer.from(input.bytes).toString("base64")}` };
    } else {
      fileId = await upload(run, input);
      document = await signedDocument(run, fileId, input.type);
    }
    const response = await run.call("OCR", (options) =>
      run.client.ocr.process(
        {
          model: config.ocrModel,
          document,
          confidenceScoresGranularity: "page",
          ...(input.pageNumbers ? { pages: input.pageNumbers.map((n) => n - 1) } : {}),
        },
        options,
      ),
    );
    // No annotation formats are requested, so the plain OCR price applies.
    return toMistralOcrResult(response, config.ocrUsdPer1000Pages);
  } finally {
    if (fileId !== undefined) await deleteUploaded(config, fileId, callOptions);
  }
}

/**
 * Best effort: a failed delete must not fail an OCR that succeeded, but it leaves a document on
 * Mistral's side, so it is logged. Runs without the caller's signal so a cancelled job still cleans up.
 */
export async function deleteUploaded(config: TMistralConfig, fileId: string, callOptions: TMistralCallOptions): Promise<void> {
  const cleanup = startMistralRun({ ...config, timeoutMs: Math.min(config.timeoutMs, 10_000), retries: 1 });
  try {
    await cleanup.call("file delete", (options) => cleanup.client.files.delete({ fileId }, options));
  } catch (err) {
    const msg = "Could not delete the file uploaded to Mistral for OCR; it stays in the Mistral workspace.";
    if (callOptions.logger) callOptions.logger({ level: "error", msg, operation: "file delete", fileId, err });
    // Without a logger the failure still surfaces, as a process warning.
    else process.emitWarning(msg, { code: "DOCVAULT_MISTRAL_DELETE_FAILED", detail: `file ${fileId}: ${String(err)}` });
  }
}

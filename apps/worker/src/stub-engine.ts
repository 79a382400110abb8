import { PIPELINE_VERSION } from "@docvault/core";
import type { TAnalysis, analyzeDocument } from "@docvault/core/pipeline";

/**
 * Benchmarks only (WORKER_ENGINE=stub): an engine that reads nothing and answers at once, so a
 * benchmark measures the pipeline around the engines (queue, storage, database, progress), not OCR.
 * Its result is an unread "other" document, which a configured Mistral key escalates.
 */
export const stubAnalyze: typeof analyzeDocument = async () => {
  const result: TAnalysis = {
    pipelineVersion: PIPELINE_VERSION,
    engines: [],
    pages: [{ index: 0, width: 1, height: 1, text: "", confidence: 0, words: [] }],
    text: "",
    confidence: 0,
    pagesBilled: 0,
    costUsd: 0,
    barcodes: [],
    warnings: [],
    classification: { type: "other", confidence: 0 },
    document: { type: "other", fields: { title: { value: null, confidence: 0, source: null, method: "ocr-rules" } } },
  };
  return result;
};

import { classifyText } from "../documents/classify-document";
import { mergeDocuments } from "../documents/merge-documents";
import type { TStructuredDocument } from "../documents/schemas";
import type { TEngineName } from "../extraction/engine-table";
import { MISTRAL_OCR_USD_PER_1000_PAGES } from "../extraction/mistral-price";
import type { TSupportedType } from "../validation/detect-type";
import type { TAnalysis, TRemoteReading } from "./analysis";
import { escalateToMistral, type TEscalationOptions } from "./escalate-to-mistral";
import type { TLlmConfigInput } from "./llm/llm-config";
import { llmStructure } from "./llm/llm-structure";
import type { TMistralCallOptions } from "./mistral/mistral-config";
import type { TMistralOcrResult } from "./mistral/mistral-ocr";

/** What an escalation brings back, with the tokens it was told it used. */
export type TEscalationReading = TRemoteReading & { tokens: { prompt: number; completion: number } };

/**
 * Where a document goes when the local reading is not good enough: Mistral (OCR of the file, then
 * structuring) or a language model on an OpenAI-compatible server (structuring of the local OCR
 * text). The worker's escalation lane runs either through the same policy, budget and
 * outage handling.
 */
export type TEscalator = {
  engine: Extract<TEngineName, "mistral" | "llm">;
  /** Whether it needs the file (Mistral reads it again); a language model reads the local text. */
  readsFile: boolean;
  /** The most one document of this many pages may cost (USD), reserved against the budgets before the call. */
  estimateUsd(pages: number): number;
  /** `ocr`: Mistral's reading of the file from a batch job, so only the structuring is left (Mistral only). */
  escalate(input: {
    bytes: Uint8Array | undefined;
    type: TSupportedType;
    local: TAnalysis;
    ocr?: TMistralOcrResult;
    signal?: AbortSignal;
  }): Promise<TEscalationReading>;
};

export function mistralEscalator(options: TEscalationOptions): TEscalator {
  return {
    engine: "mistral",
    readsFile: true,
    // OCR is billed per page: the pages the local engines saw (an image is one).
    estimateUsd: (pages) => (Math.max(1, pages) * (options.config.ocrUsdPer1000Pages ?? MISTRAL_OCR_USD_PER_1000_PAGES)) / 1000,
    async escalate({ bytes, type, local, ocr, signal }) {
      if (!bytes && !ocr) throw new Error("Mistral reads the file itself: its bytes are needed");
      return escalateToMistral({ bytes: bytes ?? new Uint8Array(), type, local: local.document, localPages: local.pages, options, ocr, signal });
    },
  };
}

/** A language model structures what the local engines read; it bills nothing docvault counts. */
export function llmEscalator(options: { config: TLlmConfigInput; callOptions?: TMistralCallOptions }): TEscalator {
  return {
    engine: "llm",
    readsFile: false,
    estimateUsd: () => 0,
    async escalate({ local, signal }) {
      const documentType = local.document.type === "other" ? classifyText(local.text).type : local.document.type;
      const structured = await llmStructure({ documentType, text: local.text, pages: local.pages, signal }, options.config, options.callOptions);
      const remote = structured.document as TStructuredDocument;
      return {
        engine: "llm",
        document: mergeDocuments(local.document, remote),
        pages: local.pages,
        text: local.text,
        pagesBilled: 0,
        costUsd: 0,
        tokens: { prompt: structured.usage.promptTokens, completion: structured.usage.completionTokens },
      };
    },
  };
}

import { classifyText } from "../documents/classify-document";
import type { TStructuredDocument } from "../documents/schemas";
import type { TSupportedType } from "../validation/detect-type";
import type { TMistralCallOptions, TMistralConfigInput } from "./mistral/mistral-config";
import { mistralOcr, type TMistralOcrResult } from "./mistral/mistral-ocr";
import { mistralStructure } from "./mistral/mistral-structure";
import type { TPage } from "../extraction/extraction-result";

import { missesRequiredField } from "../documents/required-fields";
import { mergeDocuments } from "../documents/merge-documents";

export type TEscalationOptions = {
  config: TMistralConfigInput;
  /** Escalate when a required field's confidence is under this (0..1). */
  threshold?: number;
  callOptions?: TMistralCallOptions;
};

/** Whether the local result is not good enough: a required field missing or under the threshold. */
export function needsEscalation(doc: TStructuredDocument, threshold: number): boolean {
  return doc.type === "other" || missesRequiredField(doc, threshold);
}

/**
 * Mistral OCR then Mistral structuring, merged over the local result. Costs what OCR bills (OCR is
 * priced per page and reports no tokens); the structuring call's tokens come back as they were
 * reported, unpriced.
 */
export async function escalateToMistral(input: {
  bytes: Uint8Array;
  type: TSupportedType;
  local: TStructuredDocument;
  /** The local engines' pages: their positioned words are where Mistral's values are grounded (page + box). */
  localPages?: TPage[];
  options: TEscalationOptions;
  /** Mistral's OCR of the file when it was read already (by a batch job): only the structuring call is made. */
  ocr?: TMistralOcrResult;
  signal?: AbortSignal;
}): Promise<{
  engine: "mistral";
  document: TStructuredDocument;
  pages: TPage[];
  text: string;
  pagesBilled: number;
  costUsd: number;
  tokens: { prompt: number; completion: number };
}> {
  const { options } = input;
  const ocr = input.ocr ?? (await mistralOcr({ bytes: input.bytes, type: input.type, signal: input.signal }, options.config, options.callOptions));
  const text = ocr.pages.map((p) => p.text).join("\n\f\n");
  const documentType = input.local.type === "other" ? classifyText(text).type : input.local.type;
  const structured = await mistralStructure(
    { documentType, text, pages: ocr.pages, groundIn: input.localPages, signal: input.signal },
    options.config,
    options.callOptions,
  );
  const remote = structured.document as TStructuredDocument;
  return {
    engine: "mistral",
    document: mergeDocuments(input.local, remote),
    pages: ocr.pages,
    text,
    pagesBilled: ocr.pagesBilled,
    costUsd: ocr.costUsd,
    tokens: { prompt: structured.usage.promptTokens, completion: structured.usage.completionTokens },
  };
}

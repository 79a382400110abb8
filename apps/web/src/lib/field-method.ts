/** How a field was read, as a person says it (FIELD_METHODS in packages/core). */
const METHOD_WORDS: Record<string, string> = {
  "pdf-text": "PDF text",
  "e-invoice": "e-invoice data",
  pdf417: "barcode",
  mrz: "MRZ",
  "ocr-rules": "OCR",
  mistral: "Mistral",
  llm: "language model",
  human: "you",
  learned: "your earlier correction",
};

/** "ocr-rules" -> "OCR"; a method this list does not know yet is shown as it is named. */
export const methodText = (method: string): string => METHOD_WORDS[method] ?? method;

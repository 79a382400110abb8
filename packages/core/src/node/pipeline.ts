// The analysis of a document, cheapest reader first: text layer, barcodes, MRZ, local OCR, then
// classification, structuring and (with a key) escalation; what it stores and reads back. Node only.
export * from "./extract-document";
export * from "./analyze-document";
export * from "./analysis";
export * from "./page-hash";
export * from "./identity-readers";
export * from "./escalate-to-mistral";
export * from "./escalators";
export * from "./llm";
export * from "./mistral";
export * from "./validation";

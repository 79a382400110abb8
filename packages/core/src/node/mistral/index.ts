// Mistral OCR and structuring through the official SDK: Node-only, used by the worker.
export * from "./mistral-config";
export * from "./mistral-errors";
export * from "./mistral-ocr";
export * from "./mistral-batch";
export * from "./mistral-structure";
export * from "./structure-schemas";
export * from "./markdown-to-text";

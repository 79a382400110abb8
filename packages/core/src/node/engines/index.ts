// Extraction engines (pdfjs, tesseract.js, canvas): used by the worker only.
export * from "./engine";
export * from "./pdf-text-engine";
export * from "./tesseract-engine";
export * from "./render-pdf";
export * from "../extract-document";

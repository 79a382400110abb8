// Extraction engines (pdfjs text layer, PP-OCR, tesseract.js, PDF417, Mistral OCR), each reading
// bytes into pages: used by the worker only. The analysis that chooses among them is ./pipeline.
export * from "./engine";
export * from "./pdf-text-engine";
export * from "./tesseract-engine";
export * from "./paddle-engine";
export * from "./local-ocr";
export * from "./render-pdf";
export * from "./pdf417/read-pdf417";
export * from "../mistral";

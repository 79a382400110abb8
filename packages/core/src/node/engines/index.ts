// Extraction engines (pdfjs, tesseract.js, canvas): used by the worker only.
export * from "./engine";
export * from "./pdf-text-engine";
export * from "./tesseract-engine";
export * from "./paddle-engine";
export * from "./local-ocr";
export * from "./render-pdf";
export * from "../extract-document";
export * from "../analyze-document";
export { parseStoredAnalysis, withRemoteReading, ZAnalysisSchema } from "../analysis";
export * from "../identity-readers";
export * from "./pdf417/read-pdf417";
export * from "../mistral";
export * from "../escalate-to-mistral";
export * from "../validation";

// Node-only deep checks (pdfjs, sharp): the worker runs these on the whole file.
export * from "./validate-document-bytes";
export * from "./validate-image";
export * from "./validate-pdf";
export type { TPdfActiveContent } from "./pdf-active-content";

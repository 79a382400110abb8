// The light Node-only part of the domain: hashing, storage, paths. Engines and deep validation
// (pdfjs, sharp) live in ./engines so
// the web server never bundles OCR.
export * from "./hash-file";
export * from "./storage/blob-store";
export * from "./storage/fs-blob-store";
export * from "./workspace-paths";

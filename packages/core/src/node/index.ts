// The light Node-only part of the domain: hashing, storage, paths. Engines live in ./engines so
// the web server never bundles OCR.
export * from "./hash-file";
export * from "./storage/blob-store";
export * from "./storage/fs-blob-store";
export * from "./workspace-paths";
export * from "./validation";

// The light Node-only part of the domain: hashing, storage, paths, splitting a PDF (pdf-lib, plain
// JavaScript) and a photo (sharp, loaded only when a photo is cut). Engines and deep validation
// (pdfjs, sharp) live in ./engines so the web server never bundles OCR.
export * from "./hash-file";
export * from "./storage/blob-store";
export * from "./storage/fs-blob-store";
export * from "./workspace-paths";
export * from "./storage/content-address";
export * from "./storage/create-blob-store";
export * from "./storage/encrypting-blob-store";
export * from "./storage/s3-blob-store";
export * from "./storage/s3-direct-uploads";
export * from "./storage/blob-cipher";
export * from "./storage/blob-store-env";
export * from "./service-env";
export * from "./stop-child";
export * from "./webhooks/webhook-signature";
export * from "./webhooks/webhook-target";
export * from "./storage/sweep-staging";
export * from "./split-pdf";
export * from "./split-image";
export * from "./suggest-image-regions";

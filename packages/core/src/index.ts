// The isomorphic part of the domain: safe to import in the browser, a Web Worker, or Node.
export * from "./errors/app-error";
export * from "./validation/detect-type";
export * from "./validation/validate-file";
export * from "./jobs/extract-job";
export * from "./extraction/extraction-result";
export * from "./documents/field";
export * from "./documents/schemas";

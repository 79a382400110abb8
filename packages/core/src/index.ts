// The isomorphic part of the domain: safe to import in the browser, a Web Worker, or Node.
export * from "./errors/app-error";
export * from "./validation";
export * from "./hashing";
export * from "./jobs/extract-job";
export * from "./extraction/extraction-result";
export * from "./extraction/mistral-price";
export * from "./documents/field";
export * from "./documents/schemas";
export * from "./documents/field-value-schema";
export * from "./documents/required-fields";
export * from "./documents/classify-document";
export * from "./documents/types/receipt/structure-receipt";
export * from "./documents/types/invoice/structure-invoice";
export * from "./documents/aamva/parse-aamva";
export * from "./documents/parse/parse-date";
export * from "./documents/parse/parse-amount";
export * from "./documents/review-threshold";

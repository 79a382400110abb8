// Isomorphic validation: runs in the browser, a Web Worker and Node (no node: imports below).
export * from "./detect-type";
export * from "./validate-file";
export * from "./validate-document";
export { DEFAULT_VALIDATION_LIMITS, resolveLimits, type TValidationLimits } from "./validation-limits";
export * from "./head-tail";
export { checkImageSize, type TImageLimits } from "./check-image";
export { readImageSize, type TImageSize } from "./image-headers";
export { ENCRYPTED_PDF_MESSAGE } from "./check-pdf-structure";
export { HEIC_MESSAGE } from "./check-size-and-type";

import { detectType } from "../../validation/detect-type";
import { validateImage, type TImageValidation } from "./validate-image";
import { validatePdf, type TDeepValidationOptions, type TPdfValidation } from "./validate-pdf";

export type TDeepValidation = TPdfValidation | TImageValidation;

/** The full server-side check of a whole file, PDF or image, chosen by its bytes. */
export function validateDocumentBytes(bytes: Uint8Array, options: TDeepValidationOptions = {}): Promise<TDeepValidation> {
  return detectType(bytes) === "application/pdf" ? validatePdf(bytes, options) : validateImage(bytes, options);
}

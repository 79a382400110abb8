import { checkImage } from "./check-image";
import { checkPdfStructure } from "./check-pdf-structure";
import { checkSizeAndType } from "./check-size-and-type";
import type { TSupportedType } from "./detect-type";
import { resolveLimits, type TValidationLimits } from "./validation-limits";

export type TValidateDocumentInput = {
  /** The first bytes of the file: HEAD_BYTES (64 KB) lets every header check run. */
  head: Uint8Array;
  /** The last bytes of the file (TAIL_BYTES, 1 KB); without it the truncation checks are skipped. */
  tail?: Uint8Array | null;
  size: number;
  /** The type the client declared (Content-Type, File.type or from the extension), if any. */
  declaredType?: string | null;
  limits?: Partial<TValidationLimits>;
};

/** Width and height are present for images whose header lay within `head`. */
export type TValidatedDocument = { type: TSupportedType; width?: number; height?: number };

/**
 * Every check that needs only the head and tail of a file, in the browser or on the server:
 * size, type from the bytes, declared type, image header limits (decompression bombs), truncation,
 * and PDF structure and encryption. Throws an AppError whose message a person can act on.
 */
export function validateDocument(input: TValidateDocumentInput): TValidatedDocument {
  const limits = resolveLimits(input.limits);
  const type = checkSizeAndType({ ...input, maxBytes: limits.maxBytes });
  // A head that holds the whole file is its tail too.
  const tail = input.tail ?? (input.head.length >= input.size ? input.head : null);
  if (type === "application/pdf") {
    checkPdfStructure({ head: input.head, tail });
    return { type };
  }
  const imageSize = checkImage(type, { head: input.head, tail, size: input.size }, limits);
  return imageSize ? { type, ...imageSize } : { type };
}

import { AppError } from "../../errors/app-error";
import { corruptImage } from "../../validation/image-headers";

/** What sharp's error decoding an image means to the person who sent it: too many pixels, cut short, or damaged. */
export function mapSharpError(type: string, error: unknown): AppError {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) {
    return new AppError("FILE_TOO_LARGE", "This image has more pixels than docvault can safely decode. Resize it or scan at a lower resolution.", {
      cause: error,
    });
  }
  const appError = corruptImage(type, /truncat|premature|end of/i.test(message) ? "the file is cut short" : "it cannot be decoded");
  return new AppError(appError.code, appError.message, { cause: error });
}

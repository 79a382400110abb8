// For tests of what the domain refuses: the AppError itself, so a test can check its code and sentence.
import { AppError } from "../src/errors/app-error";

/**
 * The AppError a call throws, or a promise rejects with; a test fails when there is none, or when
 * the error is anything other than an AppError.
 */
export function refusal(call: () => unknown): AppError;
export function refusal(call: Promise<unknown>): Promise<AppError>;
export function refusal(call: (() => unknown) | Promise<unknown>): AppError | Promise<AppError> {
  const none = () => new Error("expected a refusal, got none");
  const asRefusal = (error: unknown): AppError => {
    if (error instanceof AppError) return error;
    throw error;
  };
  if (call instanceof Promise) {
    return call.then(() => {
      throw none();
    }, asRefusal);
  }
  try {
    call();
  } catch (error) {
    return asRefusal(error);
  }
  throw none();
}

import { S3ServiceException } from "@aws-sdk/client-s3";
import { AppError } from "../../errors/app-error";

/**
 * Maps whatever the S3 client threw onto AppError: NOT_FOUND for a missing object, STORAGE_FAILED
 * (retryable) for everything else, with a message that says what to check.
 */
export function toStorageError(error: unknown, action: string, key: string, bucket: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0;
    if (error.name === "NoSuchKey" || (status === 404 && error.name !== "NoSuchBucket")) {
      return new AppError("NOT_FOUND", `No stored file under ${key}.`, { cause: error });
    }
    if (error.name === "NoSuchBucket") {
      return new AppError("STORAGE_FAILED", `The S3 bucket "${bucket}" does not exist; create it or fix S3_BUCKET.`, {
        cause: error,
      });
    }
    if (status === 401 || status === 403) {
      return new AppError(
        "STORAGE_FAILED",
        `S3 refused to ${action} ${key} (${error.name}, HTTP ${status}): check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_REGION and the bucket policy.`,
        { cause: error },
      );
    }
    return new AppError("STORAGE_FAILED", `S3 could not ${action} ${key} (${error.name}, HTTP ${status}).`, {
      cause: error,
    });
  }
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new AppError("STORAGE_FAILED", `Could not reach S3 to ${action} ${key} (${reason}); check S3_ENDPOINT.`, {
    cause: error,
  });
}

/** A failure worth another attempt: the network, throttling or a 5xx, not a refusal. */
export function isTransientS3Error(error: unknown): boolean {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0;
    return status >= 500 || status === 429 || error.name === "SlowDown" || error.name === "RequestTimeout";
  }
  return !(error instanceof AppError);
}

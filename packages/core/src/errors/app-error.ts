/** Every failure the domain knows about has a code; the API maps codes to statuses, the worker to retry or not. */
export const ERROR_CODES = {
  EMPTY_FILE: { status: 400, retryable: false },
  FILE_TOO_LARGE: { status: 413, retryable: false },
  UNSUPPORTED_TYPE: { status: 415, retryable: false },
  TYPE_MISMATCH: { status: 415, retryable: false },
  CORRUPT_FILE: { status: 422, retryable: false },
  ENCRYPTED_PDF: { status: 422, retryable: false },
  TOO_MANY_PAGES: { status: 422, retryable: false },
  /** Reading one document took longer than a job may (the per-job time budget). */
  TIME_BUDGET_EXCEEDED: { status: 422, retryable: false },
  HASH_MISMATCH: { status: 422, retryable: false },
  BAD_REQUEST: { status: 400, retryable: false },
  /** An upload id (idempotency key) sent again with other bytes than the first time. */
  UPLOAD_ID_CONFLICT: { status: 409, retryable: false },
  NOT_FOUND: { status: 404, retryable: false },
  /** No session and no valid API token. */
  UNAUTHORIZED: { status: 401, retryable: false },
  /** Signed in, but not allowed (an API token without the scope, not an administrator). */
  FORBIDDEN: { status: 403, retryable: false },
  /** A browser's write without the double-submit CSRF header. */
  CSRF: { status: 403, retryable: false },
  /** A file queued on a shared device for another account than the one signed in now. */
  WRONG_ACCOUNT: { status: 409, retryable: false },
  RATE_LIMITED: { status: 429, retryable: true },
  /** The client stopped sending, or sent too slowly, in the middle of an upload. */
  UPLOAD_TIMEOUT: { status: 408, retryable: true },
  ENGINE_TIMEOUT: { status: 503, retryable: true },
  ENGINE_FAILED: { status: 500, retryable: true },
  STORAGE_FAILED: { status: 503, retryable: true },
  /** A service docvault needs (database, queue) is down for a moment. */
  UNAVAILABLE: { status: 503, retryable: true },
  INTERNAL: { status: 500, retryable: true },
} as const;

export type TErrorCode = keyof typeof ERROR_CODES;

// A brand, not only the class: a Next build bundles this module once per kind of entry (page, route),
// and services made by one (kept on globalThis) throw errors another checks.
const BRAND = Symbol.for("docvault.AppError");

export class AppError extends Error {
  readonly code: TErrorCode;

  /** For RATE_LIMITED and other transient failures: how long to wait before trying again. */
  readonly retryAfterMs: number | undefined;

  constructor(code: TErrorCode, message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
    this.retryAfterMs = options?.retryAfterMs;
    Object.defineProperty(this, BRAND, { value: true });
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || (error instanceof Error && (error as unknown as Record<symbol, unknown>)[BRAND] === true);
}

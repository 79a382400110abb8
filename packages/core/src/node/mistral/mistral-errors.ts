import {
  ConnectionError,
  MistralError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
  SDKValidationError,
} from "@mistralai/mistralai/models/errors";
import { AppError, type TErrorCode } from "../../errors/app-error";

/** An SDK failure as docvault's error, plus whether trying again inside the same call can help. */
export type TMappedError = { error: AppError; retryInCall: boolean };

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * The API's own explanation of a rejected request, short and without echoed input: a 422 body
 * repeats the request (which may hold the document as a data URL), so only messages are kept.
 */
function apiDetail(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null) return "";
    const messages: string[] = [];
    if ("message" in parsed && typeof parsed.message === "string") messages.push(parsed.message);
    if ("detail" in parsed) {
      const detail = parsed.detail;
      if (typeof detail === "string") messages.push(detail);
      if (Array.isArray(detail)) {
        for (const item of detail) {
          if (typeof item === "object" && item !== null && "msg" in item && typeof item.msg === "string") {
            messages.push(item.msg);
          }
        }
      }
    }
    const joined = messages.join("; ");
    return joined.length > 200 ? `${joined.slice(0, 200)}…` : joined;
  } catch {
    return "";
  }
}

function withDetail(sentence: string, body: string): string {
  const detail = apiDetail(body);
  return detail ? `${sentence} Mistral said: ${detail}` : sentence;
}

/** Maps whatever the SDK threw to one AppError with a sentence a person can act on. */
export function mapMistralError(err: unknown, ctx: { operation: string; timeoutMs: number; serverURL: string | undefined; timedOut: boolean }): TMappedError {
  if (err instanceof AppError) return { error: err, retryInCall: false };
  const what = `Mistral ${ctx.operation}`;

  // The deadline signal surfaces as RequestAbortedError or TimeoutError depending on when it fires.
  if (ctx.timedOut || err instanceof RequestTimeoutError) {
    return mapped("ENGINE_TIMEOUT", `${what} did not finish within ${ctx.timeoutMs / 1000} s.`, err, false);
  }
  // Checked before MistralError, its base class: a 200 whose body is not what the API documents.
  if (err instanceof ResponseValidationError) {
    return mapped("ENGINE_FAILED", `${what} returned a response docvault could not read.`, err, false);
  }
  if (err instanceof MistralError) return mapStatus(err, what);
  if (err instanceof ConnectionError) {
    const where = ctx.serverURL ?? "https://api.mistral.ai";
    return mapped("ENGINE_FAILED", `Could not connect to Mistral at ${where}; check the network and the server URL.`, err, true);
  }
  if (err instanceof SDKValidationError) {
    return mapped("BAD_REQUEST", `The Mistral SDK refused the ${ctx.operation} request docvault built.`, err, false);
  }
  if (err instanceof RequestAbortedError) {
    return mapped("ENGINE_FAILED", `${what} was aborted.`, err, false);
  }
  return mapped("ENGINE_FAILED", `${what} failed unexpectedly.`, err, false);
}

const mapped = (code: TErrorCode, message: string, cause: unknown, retryInCall: boolean): TMappedError => ({
  error: new AppError(code, message, { cause }),
  retryInCall,
});

function mapStatus(err: MistralError, what: string): TMappedError {
  const status = err.statusCode;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(err.headers.get("retry-after"));
    const when = retryAfterMs === undefined ? "later" : `in ${Math.ceil(retryAfterMs / 1000)} s`;
    const error = new AppError("RATE_LIMITED", `Mistral is rate-limiting docvault; try again ${when}.`, {
      cause: err,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    return { error, retryInCall: true };
  }
  if (status === 408 || status === 504) {
    return mapped("ENGINE_TIMEOUT", `${what} timed out on Mistral's side (HTTP ${status}).`, err, true);
  }
  if (status >= 500) {
    return mapped("ENGINE_FAILED", `${what} failed on Mistral's side (HTTP ${status}); try again later.`, err, true);
  }
  if (status === 401 || status === 403) {
    // No code means "misconfigured" yet; BAD_REQUEST at least stops the queue from retrying a wrong key.
    return mapped("BAD_REQUEST", `Mistral rejected the API key (HTTP ${status}); check the configured key.`, err, false);
  }
  if (status === 413) {
    return mapped("FILE_TOO_LARGE", withDetail("The file is too large for Mistral (HTTP 413).", err.body), err, false);
  }
  return mapped("BAD_REQUEST", withDetail(`${what} was rejected as invalid (HTTP ${status}).`, err.body), err, false);
}

import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { AppError } from "../../errors/app-error";
import { parseRetryAfter } from "../mistral/mistral-errors";

/** What the OpenAI SDK threw (after its own retries) as docvault's error, with a sentence a person can act on. */
export function mapLlmError(err: unknown, ctx: { baseURL: string; model: string; timeoutMs: number }): AppError {
  if (err instanceof AppError) return err;
  const what = `The language model ${ctx.model} at ${ctx.baseURL}`;
  // Checked before APIConnectionError, its base class.
  if (err instanceof APIConnectionTimeoutError) {
    return new AppError("ENGINE_TIMEOUT", `${what} did not answer within ${ctx.timeoutMs / 1000} s (LLM_TIMEOUT_MS).`, { cause: err });
  }
  if (err instanceof APIUserAbortError) return new AppError("ENGINE_FAILED", `${what} was not waited for: the request was aborted.`, { cause: err });
  if (err instanceof APIConnectionError) {
    return new AppError("ENGINE_FAILED", `Could not connect to the language model at ${ctx.baseURL}; check that it runs and LLM_BASE_URL.`, { cause: err });
  }
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(err.headers?.get("retry-after") ?? null);
      const when = retryAfterMs === undefined ? "later" : `in ${Math.ceil(retryAfterMs / 1000)} s`;
      return new AppError("RATE_LIMITED", `${what} is rate-limiting docvault; try again ${when}.`, {
        cause: err,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    if (status === 401 || status === 403) {
      return new AppError("BAD_REQUEST", `${what} rejected the API key (HTTP ${status}); check LLM_API_KEY.`, { cause: err });
    }
    if (status === 404) {
      return new AppError("BAD_REQUEST", `${what} has no such model or endpoint (HTTP 404); check LLM_MODEL and LLM_BASE_URL (it ends in /v1).`, {
        cause: err,
      });
    }
    if (status === 408 || status === 504) return new AppError("ENGINE_TIMEOUT", `${what} timed out on its side (HTTP ${status}).`, { cause: err });
    if (status >= 500) return new AppError("ENGINE_FAILED", `${what} failed on its side (HTTP ${status}); try again later.`, { cause: err });
    return new AppError("BAD_REQUEST", `${what} refused the request (HTTP ${status}): ${err.message.slice(0, 200)}`, { cause: err });
  }
  return new AppError("ENGINE_FAILED", `${what} failed unexpectedly.`, { cause: err });
}

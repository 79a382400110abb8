import { setTimeout as sleep } from "node:timers/promises";
import { Mistral } from "@mistralai/mistralai";
import type { RequestOptions } from "@mistralai/mistralai/lib/sdks.js";
import type { TMistralConfig } from "./mistral-config";
import { mapMistralError } from "./mistral-errors";

/** Longest in-call wait for a 429's Retry-After; beyond it the job queue, not a held worker, should wait. */
const MAX_IN_CALL_WAIT_MS = 5_000;
const BACKOFF_BASE_MS = 250;

/** One docvault operation against Mistral (possibly several requests) sharing a deadline and a retry budget. */
export type TMistralRun = {
  client: Mistral;
  config: TMistralConfig;
  /** One SDK request with docvault's retry policy and error mapping. */
  call<T>(operation: string, request: (options: RequestOptions) => Promise<T>): Promise<T>;
};

export function startMistralRun(config: TMistralConfig, signal?: AbortSignal): TMistralRun {
  signal?.throwIfAborted();
  // The SDK's own retries count elapsed time, not attempts, and its timeoutMs is ignored once a
  // signal is passed; so the SDK gets no retries and one combined signal, and docvault counts.
  const client = new Mistral({
    apiKey: config.apiKey,
    ...(config.serverURL === undefined ? {} : { serverURL: config.serverURL }),
    retryConfig: { strategy: "none" },
    timeoutMs: config.timeoutMs,
  });
  // The deadline is a timer of our own that aborts one controller (the caller's signal aborts it
  // too), and each request is raced against that abort rather than trusted to honour it: on Node 20
  // a pending fetch can lose its abort to the garbage collector (AbortSignal.any's composites and
  // fetch's own follow-up signal are held weakly; nodejs/node#57736), and a Mistral that accepts
  // the connection and never answers then held its worker slot for good (seen in the fault suite:
  // all eight Mistral slots stuck after an outage of hanging requests).
  const deadlineAt = Date.now() + config.timeoutMs;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`The operation timed out after ${config.timeoutMs} ms.`, "TimeoutError"));
  }, config.timeoutMs);
  timer.unref();
  if (signal) signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true, signal: controller.signal });
  const combined = controller.signal;
  const aborted = new Promise<never>((_, reject) => combined.addEventListener("abort", () => reject(combined.reason), { once: true }));
  aborted.catch(() => undefined);
  const requestOptions: RequestOptions = { signal: combined, timeoutMs: config.timeoutMs, retries: { strategy: "none" } };

  const fail = (err: unknown, operation: string) => {
    // A caller's cancellation is theirs to interpret, as with fetch: rethrow their reason unchanged.
    if (signal?.aborted) throw signal.reason;
    return mapMistralError(err, {
      operation,
      timeoutMs: config.timeoutMs,
      serverURL: config.serverURL,
      timedOut,
    });
  };

  async function call<T>(operation: string, request: (options: RequestOptions) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await Promise.race([request(requestOptions), aborted]);
      } catch (err) {
        const { error, retryInCall } = fail(err, operation);
        if (!retryInCall || attempt >= config.retries) throw error;
        const waitMs = error.retryAfterMs ?? BACKOFF_BASE_MS * 2 ** attempt + Math.random() * BACKOFF_BASE_MS;
        if (waitMs > MAX_IN_CALL_WAIT_MS || Date.now() + waitMs >= deadlineAt) throw error;
        try {
          await sleep(waitMs, undefined, { signal: combined });
        } catch (sleepErr) {
          // Only an abort ends the wait early: the caller's (rethrown) or the deadline's (ENGINE_TIMEOUT).
          throw fail(sleepErr, operation).error;
        }
      }
    }
  }

  return { client, config, call };
}

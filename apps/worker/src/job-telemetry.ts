import { isAppError, type TExtractionResult } from "@docvault/core";
import type { TProgress } from "@docvault/core/pipeline";
import { reportError, trace, type Span, type TMetrics } from "@docvault/telemetry";

// Input a person can fix (4xx codes) is not docvault's bug: counted, never sent to Sentry.
const isUserError = (error: unknown) => isAppError(error) && error.status < 500;

/**
 * Counts a completed job and how long it took, once per engine that ran; with Mistral, its pages,
 * cost and (structuring only: OCR reports none) tokens.
 */
export function recordCompletion(
  metrics: TMetrics | undefined,
  result: TExtractionResult & { classification?: { type: string } },
  seconds: number,
  mistralTokens?: { prompt: number; completion: number },
) {
  if (!metrics) return;
  const documentType = result.classification?.type ?? "other";
  metrics.extractionsCompleted.inc({ document_type: documentType });
  for (const engine of new Set(result.engines)) metrics.extractionDuration.observe({ document_type: documentType, engine }, seconds);
  if (result.engines.includes("mistral")) {
    metrics.mistralPages.inc(result.pagesBilled ?? 0);
    metrics.mistralCost.inc(result.costUsd ?? 0);
  }
  if (mistralTokens) {
    metrics.mistralTokens.inc({ kind: "prompt" }, mistralTokens.prompt);
    metrics.mistralTokens.inc({ kind: "completion" }, mistralTokens.completion);
  }
}

/** Counts a job failed for good by its reason code, and reports it when it is not the user's input. */
export function recordFinalFailure(metrics: TMetrics | undefined, error: unknown, ids: { jobId: string; documentId: string; ownerId?: string }) {
  const reason = isAppError(error) ? error.code : error instanceof Error && error.name === "UnrecoverableError" ? "UNRECOVERABLE" : "INTERNAL";
  metrics?.extractionsFailed.inc({ reason });
  if (!isUserError(error) && reason !== "UNRECOVERABLE")
    reportError(error, { jobId: ids.jobId, documentId: ids.documentId, userId: ids.ownerId, code: reason });
}

const ENGINE_OF_STEP: Partial<Record<TProgress["step"], string>> = { reading: "pdf-text", ocr: "tesseract" };

/**
 * One span per engine, from the engines' own progress: a step ("reading": the PDF text layer,
 * "ocr": tesseract) opens its span, the next step or the end closes it. packages/core knows
 * nothing of OpenTelemetry; this is the worker reading its progress reports.
 */
export function engineSpans() {
  let open: Span | undefined;
  let openStep: string | undefined;
  const close = () => {
    open?.end();
    open = undefined;
    openStep = undefined;
  };
  return {
    onProgress(progress: TProgress) {
      const engine = ENGINE_OF_STEP[progress.step];
      if (progress.step === openStep) return;
      close();
      if (!engine) return;
      open = trace
        .getTracer("docvault")
        .startSpan(`engine ${engine}`, { attributes: { "docvault.engine": engine, ...(progress.pages ? { "docvault.pages": progress.pages } : {}) } });
      openStep = progress.step;
    },
    close,
  };
}

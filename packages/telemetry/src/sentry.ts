import * as Sentry from "@sentry/node";
import { hashUserId } from "./hash-user-id";
import { scrubEvent } from "./scrub-event";

let enabled = false;

/**
 * Error reports to Sentry, only when dsn (SENTRY_DSN) is set; every event passes scrubEvent.
 * Sentry registers no tracer provider and no module hooks: tracing is ours (startTracing).
 */
export function initSentry(opts: { dsn: string | undefined; service: string; environment?: string; release?: string }): boolean {
  if (!opts.dsn) return false;
  Sentry.init({
    dsn: opts.dsn,
    environment: opts.environment,
    release: opts.release,
    enableOpenTelemetrySetup: false,
    enableRuntimeChannelInjection: false,
    initialScope: { tags: { service: opts.service } },
    beforeSend: (event) => scrubEvent(event),
    beforeSendTransaction: (event) => scrubEvent(event),
    beforeBreadcrumb: (breadcrumb) => scrubEvent(breadcrumb),
  });
  enabled = true;
  return true;
}

/** Reports an error that is docvault's fault (not the user's input), tagged with ids only. */
export function reportError(error: unknown, tags: { jobId?: string; documentId?: string; userId?: string; code?: string } = {}): void {
  if (!enabled) return;
  Sentry.withScope((scope) => {
    if (tags.jobId) scope.setTag("jobId", tags.jobId);
    if (tags.documentId) scope.setTag("documentId", tags.documentId);
    if (tags.code) scope.setTag("code", tags.code);
    if (tags.userId) scope.setUser({ id: hashUserId(tags.userId) });
    Sentry.captureException(error);
  });
}

/** Sends what is queued (on shutdown, and in tests). */
export async function flushErrors(timeoutMs = 2_000): Promise<boolean> {
  return enabled ? Sentry.flush(timeoutMs) : true;
}

export async function closeSentry(timeoutMs = 2_000): Promise<void> {
  if (!enabled) return;
  await Sentry.close(timeoutMs);
  enabled = false;
}

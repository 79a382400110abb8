import type { Job } from "bullmq";
import type { TWebhookJobPayload } from "@docvault/core";
import { isAppError } from "@docvault/core";
import { resolveWebhookTarget, signWebhook, type TResolveHost, type TWebhookTarget } from "@docvault/core/node";
import { UnrecoverableError } from "@docvault/queue";
import { webhookDelivery, type TDb } from "@docvault/db";
import type { Logger } from "pino";
import { postPinned } from "./post-pinned";

const TIMEOUT_MS = 10_000;

export type TDeliveryResult = { delivered: boolean; status?: number; skipped?: string };

/**
 * POSTs one event to one hook, signed (X-Docvault-Signature over `<timestamp>.<body>`). Anything
 * but a 2xx throws, so BullMQ retries with exponential backoff. The body carries ids and status,
 * never document contents: the receiver fetches the result with its API token.
 */
export async function deliverWebhook(
  job: Job<TWebhookJobPayload>,
  deps: { db: TDb; log: Logger; allowPrivate?: boolean; resolve?: TResolveHost },
): Promise<TDeliveryResult> {
  const { webhookId, jobId, event } = job.data;
  const found = await webhookDelivery(deps.db, { webhookId, jobId });
  if (!found) return { delivered: false, skipped: "the webhook or the job no longer exists" };
  const { hook, job: row } = found;
  // Resolved now, not only at registration (a name can be pointed at a private address later),
  // and only once: the connection goes to the address checked here.
  let target: TWebhookTarget;
  try {
    target = await resolveWebhookTarget(hook.url, { allowPrivate: deps.allowPrivate ?? false, ...(deps.resolve ? { resolve: deps.resolve } : {}) });
  } catch (error) {
    const reason = isAppError(error) ? error.message : "The webhook URL could not be checked.";
    deps.log.warn({ webhookId, jobId, reason }, "webhook not sent: its address is not public");
    throw new UnrecoverableError(reason);
  }
  const body = JSON.stringify({
    id: job.id,
    event,
    createdAt: new Date().toISOString(),
    data: {
      jobId: row.id,
      documentId: row.documentId,
      status: row.status,
      error: row.status === "failed" ? row.lastError : null,
      filename: row.document.originalFilename,
      documentType: row.document.detectedType,
      finishedAt: row.finishedAt?.toISOString() ?? null,
    },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const status = await postPinned(hook.url, target, {
    headers: {
      "content-type": "application/json",
      "user-agent": "docvault-webhooks/1",
      "x-docvault-event": event,
      "x-docvault-delivery": String(job.id),
      "x-docvault-timestamp": String(timestamp),
      "x-docvault-signature": signWebhook(hook.secret, timestamp, body),
    },
    body,
    timeoutMs: TIMEOUT_MS,
  });
  const attempt = job.attemptsMade + 1;
  if (status < 200 || status > 299) {
    deps.log.warn({ webhookId, jobId, status, attempt }, "webhook delivery refused; will retry");
    throw new Error(`The webhook answered ${status}`);
  }
  deps.log.info({ webhookId, jobId, status, attempt }, "webhook delivered");
  return { delivered: true, status };
}

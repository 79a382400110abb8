import { webhooksForDocument, type TDb } from "@docvault/db";
import {
  createWebhookQueue,
  createWebhookWorker,
  withWebhookNotifications,
  type TProgressPublisher,
  type TQueueConnection,
  type TRetryPolicy,
} from "@docvault/queue";
import type { Logger } from "pino";
import { deliverWebhook } from "./deliver-webhook";

/**
 * Webhooks beside the extraction workers: `wrap` makes the progress publisher queue a delivery to
 * each of the owner's hooks when a job completes or fails; a worker on `docvault-webhooks` sends them.
 */
export async function startWebhooks(input: {
  connection: TQueueConnection;
  db: TDb;
  log: Logger;
  retry?: TRetryPolicy;
  /** Deliver to loopback and private addresses too (WEBHOOK_ALLOW_PRIVATE); off by default (SSRF). */
  allowPrivate?: boolean;
}) {
  const queue = createWebhookQueue(input.connection, input.retry);
  const worker = createWebhookWorker(input.connection, (job) =>
    deliverWebhook(job, { db: input.db, log: input.log, allowPrivate: input.allowPrivate ?? false }),
  );
  worker.onError((error) => input.log.error({ err: error.message }, "webhook queue connection error"));
  await worker.waitUntilReady();
  return {
    wrap(publisher: TProgressPublisher): TProgressPublisher {
      return withWebhookNotifications(publisher, async (event, progress) => {
        const hooks = await webhooksForDocument(input.db, { documentId: progress.documentId, event });
        for (const hook of hooks) await queue.enqueue({ webhookId: hook.id, event, jobId: progress.jobId, documentId: progress.documentId });
      });
    },
    async stop() {
      await worker.close();
      await queue.close();
    },
  };
}

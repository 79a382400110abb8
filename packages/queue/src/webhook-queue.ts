import type { Job } from "bullmq";
import {
  WEBHOOK_JOB,
  WEBHOOK_QUEUE,
  WEBHOOK_RETRY,
  webhookJobId,
  ZWebhookJobPayloadSchema,
  type TProgressEvent,
  type TWebhookEvent,
  type TWebhookJobPayload,
} from "@docvault/core";
import { openQueue, openWorker, type TBullWorker, type TWorkerTuning } from "./bullmq-backend";
import type { TQueueConnection } from "./connection";
import type { TProgressPublisher } from "./progress";
import type { TRetryPolicy } from "./extract-queue";

export type TWebhookQueue = {
  enqueue(payload: TWebhookJobPayload): Promise<void>;
  close(): Promise<void>;
};

/** The `docvault-webhooks` queue: one job per hook, job and event, retried with exponential backoff. */
export function createWebhookQueue(connection: TQueueConnection, retry: TRetryPolicy = WEBHOOK_RETRY): TWebhookQueue {
  const queue = openQueue<TWebhookJobPayload>(connection, WEBHOOK_QUEUE);
  return {
    async enqueue(payload) {
      const data = ZWebhookJobPayloadSchema.parse(payload);
      await queue.add(WEBHOOK_JOB, data, {
        jobId: webhookJobId(data),
        attempts: retry.attempts,
        backoff: { type: "exponential", delay: retry.backoffMs },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      });
    },
    close: () => queue.close(),
  };
}

export function createWebhookWorker(
  connection: TQueueConnection,
  deliver: (job: Job<TWebhookJobPayload>) => Promise<unknown>,
  tuning: TWorkerTuning = { concurrency: 4 },
): TBullWorker {
  return openWorker<TWebhookJobPayload>(connection, WEBHOOK_QUEUE, (job) => deliver(job), tuning);
}

const EVENT_OF_STEP: Partial<Record<TProgressEvent["step"], TWebhookEvent>> = { done: "job.completed", failed: "job.failed" };

/**
 * A progress publisher that also hands every "done" and "failed" step to `notify` (which queues
 * the deliveries). The worker publishes those steps right after the job's final row is committed.
 */
export function withWebhookNotifications(
  publisher: TProgressPublisher,
  notify: (event: TWebhookEvent, progress: TProgressEvent) => Promise<void>,
): TProgressPublisher {
  return {
    async publishProgress(progress) {
      await publisher.publishProgress(progress);
      const event = EVENT_OF_STEP[progress.step];
      if (event) await notify(event, progress);
    },
    close: () => publisher.close(),
  };
}

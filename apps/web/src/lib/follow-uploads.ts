/**
 * Follows the uploads the server is reading, over jobs.onProgress (server-sent events), until each
 * is done or failed: progress goes into the upload's IndexedDB row, and a finished result into the
 * result cache, fields and boxes included, so it opens complete offline. Loaded on demand by
 * start-app.ts, only while something is being read.
 */
import { createAppClient, type TAppClient } from "~/trpc/app-client";
import type { TQueuedUpload } from "./client-db";
import { cacheResult } from "./result-cache";
import { toResultView } from "./to-result-view";
import { updateUpload } from "./upload-queue";

/** After a stream breaks (server restarted, network blip): how long before it is opened again. */
const RESUBSCRIBE_MS = 3_000;

let client: TAppClient | undefined;

/** Starts following `uploads` (each with a job id); the returned function stops every stream. */
export function followUploads(uploads: TQueuedUpload[]): () => void {
  const api = (client ??= createAppClient());
  const stops = uploads.map((upload) => follow(api, upload));
  return () => {
    for (const stop of stops) stop();
  };
}

function follow(api: TAppClient, upload: TQueuedUpload): () => void {
  const { jobId, documentId } = upload;
  if (!jobId || !documentId) return () => undefined;
  let stopped = false;
  let retry: number | undefined;
  let subscription: { unsubscribe(): void } | undefined;
  const open = () => {
    subscription = api.jobs.onProgress.subscribe(
      { jobId },
      {
        onData: (event) => {
          if (event.step === "done") {
            // The stream ends at done: if fetching the result fails (a network blip), open it again
            // later; it starts with the current state, done, and the fetch is tried once more.
            return void finish(api, upload, documentId).catch((error: unknown) => {
              warn(error);
              if (!stopped) retry = window.setTimeout(open, RESUBSCRIBE_MS);
            });
          }
          if (event.step === "failed" || event.step === "cancelled") {
            const error = event.step === "cancelled" ? "Cancelled." : (event.reason ?? "Reading failed.");
            return void updateUpload(upload.uploadId, () => ({ state: "failed", error, progress: { step: event.step } })).catch(warn);
          }
          const progress = { step: event.step, ...(event.page ? { page: event.page } : {}), ...(event.pages ? { pages: event.pages } : {}) };
          void updateUpload(upload.uploadId, (item) => (JSON.stringify(item.progress) === JSON.stringify(progress) ? null : { progress })).catch(warn);
        },
        onError: (error) => {
          warn(error);
          subscription?.unsubscribe();
          if (!stopped) retry = window.setTimeout(open, RESUBSCRIBE_MS);
        },
      },
    );
  };
  open();
  return () => {
    stopped = true;
    window.clearTimeout(retry);
    subscription?.unsubscribe();
  };
}

async function finish(api: TAppClient, upload: TQueuedUpload, documentId: string): Promise<void> {
  const doc = await api.documents.get.query({ id: documentId });
  const extraction = await api.extractions.get.query({ documentId }).catch(() => null);
  if (upload.ownerId) await cacheResult(upload.ownerId, upload.sha256, toResultView(doc, extraction));
  await updateUpload(upload.uploadId, () => ({ state: "done", progress: { step: "done" } }));
}

function warn(error: unknown): void {
  console.warn("could not follow a document", error);
}

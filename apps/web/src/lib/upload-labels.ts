import type { TQueuedUpload, TUploadProgress } from "./client-db";

export const STATE_LABELS: Record<TQueuedUpload["state"], string> = {
  queued: "Queued",
  uploading: "Uploading",
  processing: "Processing",
  done: "Done",
  failed: "Failed",
};

const STEP_LABELS: Record<string, string> = {
  queued: "waiting for a reader",
  validating: "checking the file",
  reading: "reading",
  structuring: "finding the fields",
  escalating: "reading more closely",
  done: "done",
};

/** "reading page 2 of 5" from a progress event. */
export function progressText(progress: TUploadProgress | null): string {
  if (!progress) return "";
  const step = STEP_LABELS[progress.step] ?? progress.step;
  if (progress.page && progress.pages) return `${step}, page ${progress.page} of ${progress.pages}`;
  return step;
}

/**
 * How much of a large file the server holds ("10.0 MB of 20.0 MB sent"), for one sent in resumable
 * chunks that is on its way or waiting to go on; empty otherwise.
 */
export function sentText(upload: Pick<TQueuedUpload, "state" | "size" | "bytesSent">): string {
  const sent = upload.bytesSent ?? 0;
  if (sent <= 0 || (upload.state !== "uploading" && upload.state !== "queued")) return "";
  const of = `${formatBytes(sent)} of ${formatBytes(upload.size)} sent`;
  return upload.state === "queued" ? `${of}; it goes on from there` : of;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "3 Dec 2026", in this device's time zone. Plain Date getters, not Intl: a page's first Intl call
 * loads locale data (about 20 ms here), which the capture page's "already read" card must not pay.
 */
export function formatDay(ms: number): string {
  const date = new Date(ms);
  return `${date.getDate()} ${MONTHS[date.getMonth()] ?? ""} ${date.getFullYear()}`;
}

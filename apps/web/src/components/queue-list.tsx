"use client";

import Link from "next/link";
import { formatBytes, progressText, sentText, STATE_LABELS } from "~/lib/upload-labels";
import { removeUpload, retryUpload, sendQueued } from "~/lib/upload-queue";
import { useUploads } from "~/lib/use-uploads";
import { kickUploads } from "~/lib/start-app";

export function QueueList() {
  const { uploads, loaded } = useUploads();
  if (!loaded) return <p className="muted">Loading the queue…</p>;
  if (uploads.length === 0) {
    return (
      <p>
        Nothing in the queue. <a href="/">Add a document</a>.
      </p>
    );
  }
  const ordered = [...uploads].reverse();
  return (
    <ul className="rows" aria-live="polite" data-testid="queue">
      {ordered.map((upload) => (
        <li key={upload.uploadId} className="row" data-testid="queue-item" data-state={upload.state} data-upload-id={upload.uploadId}>
          <div className="row-head">
            <span className="filename">{upload.name}</span>
            <span className="muted small">{formatBytes(upload.size)}</span>
          </div>
          <p className="small">
            <strong className={`state state-${upload.state}`} data-testid="queue-state">
              {STATE_LABELS[upload.state]}
            </strong>
            {upload.state === "processing" && upload.progress ? `: ${progressText(upload.progress)}` : ""}
            {sentText(upload) ? `: ${sentText(upload)}` : ""}
          </p>
          {upload.state === "uploading" || upload.state === "processing" ? <progress aria-label={`Progress of ${upload.name}`} /> : null}
          {upload.error && <p className="error small">{upload.error}</p>}
          <div className="actions">
            {upload.documentId && upload.state === "done" && (
              <Link prefetch={false} href={`/result?id=${upload.documentId}`}>
                Open the result
              </Link>
            )}
            {upload.state === "failed" && upload.blob && (
              <button
                type="button"
                onClick={() =>
                  void retryUpload(upload.uploadId).then(async () => {
                    if (navigator.onLine) await sendQueued(upload.uploadId);
                    else await kickUploads();
                  })
                }
              >
                Retry <span className="visually-hidden">{upload.name}</span>
              </button>
            )}
            <button type="button" className="secondary" onClick={() => void removeUpload(upload.uploadId)}>
              Remove <span className="visually-hidden">{upload.name}</span>
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}

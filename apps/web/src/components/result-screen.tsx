"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import type { TCachedResult } from "~/lib/client-db";
import { cachedResultByDocument } from "~/lib/result-cache";
import { toResultView } from "~/lib/to-result-view";
import { progressText } from "~/lib/upload-labels";
import { useOnline } from "~/lib/use-online";
import { useTRPC } from "~/trpc/client";
import { FieldList } from "./field-list";
import { PageWithBoxes } from "./page-with-boxes";

const RUNNING = new Set(["pending", "processing"]);

/** One document's result: from the server when online (live while it is read), else as kept on this device. */
export function ResultScreen() {
  const id = useSearchParams().get("id") ?? "";
  const online = useOnline();
  const trpc = useTRPC();
  const [kept, setKept] = useState<TCachedResult | null | undefined>(undefined);
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    if (!id) return;
    void cachedResultByDocument(id).then(setKept, () => setKept(null));
  }, [id]);

  const live = useQuery(
    trpc.documents.get.queryOptions(
      { id },
      {
        enabled: online && /^[0-9a-f-]{36}$/i.test(id),
        retry: 1,
        refetchInterval: (query) => (RUNNING.has(query.state.data?.job?.status ?? "pending") ? 1_000 : false),
      },
    ),
  );

  if (!id) return <p className="error">No document was named. Open one from the <Link href="/documents">documents page</Link>.</p>;
  const view = live.data ? toResultView(live.data) : kept?.result;
  // The server's answer wins, but a kept result has the fields until the server sends them too.
  const fields = view && view.fields.length > 0 ? view.fields : (kept?.result.fields ?? []);
  const pages = view && view.pages.length > 0 ? view.pages : (kept?.result.pages ?? []);
  if (!view) {
    if (live.error) return <p className="error">{live.error.message}</p>;
    if (!online && kept === null) return <p>This result is not kept on this device, and you are offline.</p>;
    return <p className="muted">Loading…</p>;
  }
  const job = live.data?.job;
  const running = job && RUNNING.has(job.status);
  return (
    <article data-testid="result" data-document-id={view.documentId} data-status={view.status}>
      <h1 className="filename">{view.filename}</h1>
      <p className="status" data-testid="job-status" data-status={view.status} aria-live="polite">
        {running ? `Reading: ${progressText(job.progress ?? { step: "queued" })}` : statusText(view.status)}
        {!live.data && kept ? " (kept on this device)" : ""}
      </p>
      {job?.status === "failed" && job.lastError && <p className="error">{job.lastError}</p>}
      {view.engines.length > 0 && (
        <p className="muted small">
          Read with {view.engines.join(" + ")}, overall confidence {Math.round(view.confidence * 100)}%
        </p>
      )}
      <div className="result-grid">
        {view.mimeType.startsWith("image/") && (
          <PageWithBoxes
            documentId={view.documentId}
            filename={view.filename}
            fields={fields}
            pages={pages}
            selected={selected}
            onSelect={setSelected}
          />
        )}
        <section aria-labelledby="fields-title">
          <h2 id="fields-title">Fields</h2>
          <FieldList fields={fields} selected={selected} onSelect={setSelected} />
        </section>
      </div>
      {view.text && (
        <details>
          <summary>Text as read</summary>
          <pre className="text" data-testid="extracted-text">
            {view.text}
          </pre>
        </details>
      )}
    </article>
  );
}

function statusText(status: string): string {
  const labels: Record<string, string> = {
    completed: "Done",
    failed: "Failed",
    cancelled: "Cancelled",
    pending: "Waiting in the queue",
    processing: "Reading",
  };
  return labels[status] ?? status;
}

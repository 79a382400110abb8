"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "~/trpc/client";

const LABELS: Record<string, string> = {
  pending: "Waiting in the queue",
  processing: "Reading",
  completed: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

export function DocumentView({ id }: { id: string }) {
  const trpc = useTRPC();
  const doc = useQuery(
    trpc.documents.get.queryOptions(
      { id },
      {
        // Refresh while the worker is on it; stop once the job has ended.
        refetchInterval: (query) => {
          const status = query.state.data?.job?.status;
          return status === "pending" || status === "processing" || !status ? 500 : false;
        },
      },
    ),
  );
  const queryClient = useQueryClient();
  const status = doc.data?.job?.status;
  // The list of recent documents shows each one's status: refresh it when this one's changes.
  useEffect(() => {
    if (status) void queryClient.invalidateQueries({ queryKey: trpc.documents.list.queryKey() });
  }, [status, queryClient, trpc]);
  if (doc.isPending) return <p className="muted">Loading…</p>;
  if (doc.error) return <p className="error">{doc.error.message}</p>;
  const { job, extraction } = doc.data;
  const step = job?.progress?.step;
  return (
    <article aria-live="polite" data-testid="document">
      <h2>{doc.data.filename}</h2>
      <p className="status" data-testid="job-status" data-status={job?.status ?? "none"}>
        {job ? LABELS[job.status] : "No job"}
        {job?.status === "processing" && step ? ` (${step})` : ""}
      </p>
      {job?.status === "failed" && job.lastError && <p className="error">{job.lastError}</p>}
      {extraction && (
        <>
          <p className="muted">
            Read with {extraction.engines.join(" + ")}, confidence {Math.round(extraction.confidence * 100)}%
          </p>
          <pre className="text" data-testid="extracted-text">
            {extraction.text}
          </pre>
        </>
      )}
    </article>
  );
}

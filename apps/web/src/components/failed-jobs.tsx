"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useOnline } from "~/lib/use-online";
import { useTRPC } from "~/trpc/client";

/** This person's documents that could not be read, each with its reason and a retry; "Retry all" queues them together. */
export function FailedJobs() {
  const trpc = useTRPC();
  const online = useOnline();
  const queryClient = useQueryClient();
  const failed = useQuery(trpc.jobs.failed.queryOptions(undefined, { enabled: online }));
  const retry = useMutation(trpc.jobs.retry.mutationOptions());
  const retryAll = useMutation(trpc.jobs.retryFailed.mutationOptions());
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.jobs.failed.queryKey() });

  if (!online || !failed.data || failed.data.length === 0) return null;
  const onRetryAll = async () => {
    setMessage(null);
    try {
      const outcome = await retryAll.mutateAsync();
      const later =
        outcome.left > 0
          ? ` ${outcome.left} wait: the retry limit for this hour is reached${outcome.retryAfterMs ? `; try again in ${Math.ceil(outcome.retryAfterMs / 60_000)} min` : ""}.`
          : "";
      setMessage(`${outcome.retried} document${outcome.retried === 1 ? "" : "s"} queued again.${later}`);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    }
    await refresh();
  };
  const onRetry = async (jobId: string) => {
    setMessage(null);
    try {
      await retry.mutateAsync({ jobId });
      setMessage("Queued again.");
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    }
    await refresh();
  };
  return (
    <section aria-labelledby="failed-title" data-testid="failed-jobs">
      <h2 id="failed-title">Could not be read</h2>
      <p className="muted">Each says why. Fix what it asks (a password, a clearer photo) and upload again, or try again as it is.</p>
      <button type="button" onClick={() => void onRetryAll()} disabled={retryAll.isPending}>
        Retry all ({failed.data.length})
      </button>
      <p role="status" className="small">
        {message}
      </p>
      <ul className="rows">
        {failed.data.map((job) => (
          <li key={job.jobId} className="row" data-testid="failed-job" data-job-id={job.jobId}>
            <Link prefetch={false} className="filename" href={`/result?id=${job.documentId}`}>
              {job.filename}
            </Link>
            <p className="small error">{job.reason}</p>
            <button type="button" className="secondary" onClick={() => void onRetry(job.jobId)} disabled={retry.isPending}>
              Retry <span className="visually-hidden">{job.filename}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

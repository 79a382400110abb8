"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { TCachedResult } from "~/lib/client-db";
import { listCachedResults } from "~/lib/result-cache";
import { needsReview } from "~/lib/result-view";

/** Documents that have fields waiting for a person (from the results kept here until the server's review queue is wired). */
export function ReviewQueue() {
  const [kept, setKept] = useState<TCachedResult[] | null>(null);
  useEffect(() => void listCachedResults().then(setKept), []);
  if (!kept) return <p className="muted">Loading…</p>;
  const waiting = kept
    .map((entry) => ({ entry, fields: entry.result.fields.filter(needsReview) }))
    .filter((item) => item.fields.length > 0);
  if (waiting.length === 0) return <p data-testid="review-empty">Nothing waits for review.</p>;
  return (
    <ul className="rows" data-testid="review">
      {waiting.map(({ entry, fields }) => (
        <li key={entry.documentId} className="row" data-testid="review-item">
          <Link prefetch={false} className="filename" href={`/result?id=${entry.documentId}`}>
            {entry.filename}
          </Link>
          <p className="small">
            {fields.length} field{fields.length === 1 ? "" : "s"} to check: {fields.map((f) => f.label).join(", ")}
          </p>
        </li>
      ))}
    </ul>
  );
}

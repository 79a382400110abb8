"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { parsePageRanges } from "~/lib/page-ranges-input";
import { forgetResultOfDocument } from "~/lib/result-cache";
import { useTRPC } from "~/trpc/client";

/**
 * Splits a PDF that holds several documents (receipts scanned in one go) by page ranges: each
 * part becomes a document of its own, read on its own. Shown for PDFs of two pages or more.
 */
export function SplitDocument({ documentId, pages }: { documentId: string; pages: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [text, setText] = useState("");
  const [deleteOriginal, setDeleteOriginal] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const split = useMutation(
    trpc.documents.split.mutationOptions({
      onSuccess: async (result) => {
        // A deleted original must not stay readable from this device's kept results.
        if (result.originalDeleted) await forgetResultOfDocument(documentId);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.documents.list.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.search.query.pathKey() }),
        ]);
      },
    }),
  );
  if (pages < 2) return null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const parsed = parsePageRanges(text);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    try {
      await split.mutateAsync({ documentId, ranges: parsed.ranges, deleteOriginal });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const parts = split.data?.parts;
  return (
    <details className="split-document" data-testid="split-document">
      <summary>Split into several documents</summary>
      <form onSubmit={(event) => void onSubmit(event)}>
        <p className="muted small" id={`${id}-hint`}>
          This PDF has {pages} pages. Each range becomes a document of its own, read on its own; pages in no range stay only in the original.
        </p>
        <label htmlFor={`${id}-ranges`}>Pages of each document</label>
        <input
          id={`${id}-ranges`}
          type="text"
          inputMode="text"
          autoComplete="off"
          placeholder={pages > 3 ? `1-2, 3, 4-${pages}` : "1-2, 3"}
          aria-describedby={`${id}-hint`}
          aria-invalid={error !== null}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <label>
          <input type="checkbox" checked={deleteOriginal} onChange={(event) => setDeleteOriginal(event.target.checked)} /> Delete the original after splitting
        </label>
        <button type="submit" className="secondary" disabled={split.isPending}>
          {split.isPending ? "Splitting…" : "Split"}
        </button>
        {error && (
          <p role="alert" className="error small">
            {error}
          </p>
        )}
      </form>
      {parts && (
        <div role="status">
          <p className="small">
            Split into {parts.length} document{parts.length === 1 ? "" : "s"}
            {split.data?.originalDeleted ? "; the original is deleted" : ""}:
          </p>
          <ul className="rows">
            {parts.map((part) => (
              <li key={part.documentId} data-testid="split-part" data-document-id={part.documentId}>
                <Link prefetch={false} href={`/result?id=${part.documentId}`}>
                  {part.filename}
                </Link>
                {part.deduplicated ? <span className="muted small"> (you already had these pages)</span> : null}
              </li>
            ))}
          </ul>
        </div>
      )}
    </details>
  );
}

"use client";

import { useId, useState, type FormEvent } from "react";
import { parsePageRanges } from "~/lib/page-ranges-input";
import { SplitParts, useSplitDocument } from "./split-parts";
import { FormError } from "./form-error";

/**
 * Splits a PDF that holds several documents (receipts scanned in one go) by page ranges: each
 * part becomes a document of its own, read on its own. Shown for PDFs of two pages or more.
 */
export function SplitDocument({ documentId, pages }: { documentId: string; pages: number }) {
  const id = useId();
  const [text, setText] = useState("");
  const [deleteOriginal, setDeleteOriginal] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const split = useSplitDocument(documentId);
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
        <FormError message={error} />
      </form>
      {split.data && <SplitParts result={split.data} already="these pages" />}
    </details>
  );
}

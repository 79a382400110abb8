"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { forgetResultOfDocument } from "~/lib/result-cache";
import { useTRPC } from "~/trpc/client";

/** documents.split for one document, refreshing the lists the new parts appear in; a deleted original is forgotten on this device too. */
export function useSplitDocument(documentId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
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
}

type TProps = {
  result: { parts: { documentId: string; filename: string; deduplicated: boolean }[]; originalDeleted: boolean };
  /** Said of a part the owner already had: "these pages", "this part of the photo". */
  already: string;
};

/** The documents a split made, each a link to its result page. */
export function SplitParts({ result, already }: TProps) {
  const { parts } = result;
  return (
    <div role="status">
      <p className="small">
        Split into {parts.length} document{parts.length === 1 ? "" : "s"}
        {result.originalDeleted ? "; the original is deleted" : ""}:
      </p>
      <ul className="rows">
        {parts.map((part) => (
          <li key={part.documentId} data-testid="split-part" data-document-id={part.documentId}>
            <Link prefetch={false} href={`/result?id=${part.documentId}`}>
              {part.filename}
            </Link>
            {part.deduplicated ? <span className="muted small"> (you already had {already})</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

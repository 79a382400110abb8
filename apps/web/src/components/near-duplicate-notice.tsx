"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { forgetResultOfDocument } from "~/lib/result-cache";
import type { TDocumentOutput } from "~/lib/to-result-view";
import { useTRPC } from "~/trpc/client";

type TNearDuplicate = TDocumentOutput["nearDuplicates"][number];

const DAY_MS = 86_400_000;

/** "3 Dec 2026" in the reader's locale, from YYYY-MM-DD (a calendar day: no time zone may move it). */
function dayText(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  if (!year || !month || !day) return iso;
  return new Date(year, month - 1, day).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

/** "2 days ago", "yesterday", "today". */
function keptAgo(createdAt: Date, now = Date.now()): string {
  const days = Math.round((new Date(now).setHours(0, 0, 0, 0) - new Date(createdAt).setHours(0, 0, 0, 0)) / DAY_MS);
  return new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }).format(-days, "day");
}

/** "the receipt of 3 Dec 2026, 41.50 EUR, from Corner Bakery": what the other document is, from what was read on it. */
export function describeDuplicate(d: Pick<TNearDuplicate, "documentType" | "date" | "total" | "currency" | "sender">): string {
  const kind = d.documentType && d.documentType !== "other" ? d.documentType.replace(/_/g, " ") : "document";
  const of = [d.date ? dayText(d.date) : null, d.total ? [d.total, d.currency].filter(Boolean).join(" ") : null].filter(Boolean).join(", ");
  let text = `the ${kind}`;
  if (of) text += ` of ${of}`;
  if (d.sender) text += `${of ? "," : ""} from ${d.sender}`;
  return text;
}

/**
 * Says when this document looks like one the person already keeps (the same receipt photographed
 * twice, a scan of a kept one), links to it, and offers to keep both or delete this one.
 */
export function NearDuplicateNotice({ documentId, filename, duplicates }: { documentId: string; filename: string; duplicates: TNearDuplicate[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [dismissed, setDismissed] = useState(false);
  const kept = duplicates[0];
  const remove = useMutation(
    trpc.documents.delete.mutationOptions({
      onSuccess: async () => {
        await forgetResultOfDocument(documentId);
        await queryClient.invalidateQueries({ queryKey: trpc.search.query.pathKey() });
        // The one kept is where the person carries on.
        if (kept) router.replace(`/result?id=${kept.documentId}`);
      },
    }),
  );
  if (!kept || dismissed) return null;
  const others = duplicates.length - 1;
  return (
    <section className="notice" role="status" aria-label="Possible duplicate" data-testid="near-duplicate" data-duplicate-of={kept.documentId}>
      <p>
        Looks like {describeDuplicate(kept)} (kept {keptAgo(kept.createdAt)}):{" "}
        <Link prefetch={false} href={`/result?id=${kept.documentId}`}>
          {kept.filename}
        </Link>
        {others > 0 ? `, and ${others} more like it` : ""}.
      </p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setDismissed(true)}>
          Keep both
        </button>
        <button
          type="button"
          className="secondary"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Delete ${filename} and its result? ${kept.filename} is kept.`)) remove.mutate({ id: documentId });
          }}
        >
          {remove.isPending ? "Deleting…" : "Delete this one"}
        </button>
      </div>
      {remove.error && <p className="error">{remove.error.message}</p>}
    </section>
  );
}

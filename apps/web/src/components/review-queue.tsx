"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { TCachedResult } from "~/lib/client-db";
import { listCachedResults } from "~/lib/result-cache";
import { labelFor, needsReview } from "~/lib/result-view";
import { INBOX_KEYS, keepReviewOrder } from "~/lib/review-keys";
import { useOnline } from "~/lib/use-online";
import { dialogOpen, useReviewKeys } from "~/lib/use-review-keys";
import { useTRPC } from "~/trpc/client";
import { ReviewKeysHelp } from "./review-keys-help";

type TItem = { documentId: string; filename: string; fields: string[] };

/**
 * Documents with fields waiting for a person: the server's review queue online, the results kept
 * here offline. Walked with the keyboard: j and k move between documents, Enter opens one, and the
 * document's page goes on to the next in this order.
 */
export function ReviewQueue() {
  const trpc = useTRPC();
  const online = useOnline();
  const [kept, setKept] = useState<TCachedResult[] | null>(null);
  const [help, setHelp] = useState(false);
  const list = useRef<HTMLUListElement>(null);
  const server = useQuery(trpc.extractions.reviewQueue.queryOptions({ limit: 100 }, { enabled: online }));
  useEffect(() => void listCachedResults().then(setKept), []);
  useEffect(() => {
    if (server.data) keepReviewOrder(server.data.map((item) => item.documentId));
  }, [server.data]);

  const move = (step: 1 | -1) => {
    const links = [...(list.current?.querySelectorAll<HTMLAnchorElement>("a.filename") ?? [])];
    if (links.length === 0) return false;
    const at = links.findIndex((link) => link === document.activeElement);
    const next = links[at === -1 ? (step === 1 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step))];
    next?.focus();
  };
  useReviewKeys(INBOX_KEYS, { nextDocument: () => move(1), previousDocument: () => move(-1), help: () => setHelp(!dialogOpen()) });

  const fromServer = online && server.data;
  let items: TItem[] | null = null;
  if (fromServer) {
    items = fromServer.map((item) => ({ documentId: item.documentId, filename: item.filename, fields: item.fields.map(labelFor) }));
  } else if (kept && (!online || server.error)) {
    items = kept
      .map((entry) => ({ documentId: entry.documentId, filename: entry.filename, fields: entry.result.fields.filter(needsReview).map((f) => f.label) }))
      .filter((item) => item.fields.length > 0);
  }
  if (!items) return <p className="muted">Loading…</p>;
  return (
    <>
      <ReviewKeysHelp keys={INBOX_KEYS} open={help} onClose={() => setHelp(false)} />
      {!fromServer && <p className="muted">Showing the results kept on this device{online ? "" : " (offline)"}.</p>}
      {server.error && online && <p className="error">{server.error.message}</p>}
      {items.length === 0 ? (
        <p data-testid="review-empty">Nothing waits for review.</p>
      ) : (
        <ul className="rows" data-testid="review" ref={list}>
          {items.map((item) => (
            <li key={item.documentId} className="row" data-testid="review-item" data-document-id={item.documentId}>
              <Link prefetch={false} className="filename" href={`/result?id=${item.documentId}`}>
                {item.filename}
              </Link>
              <p className="small">
                {item.fields.length} field{item.fields.length === 1 ? "" : "s"} to check: {item.fields.join(", ")}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

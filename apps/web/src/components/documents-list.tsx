"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { TDocumentType } from "@docvault/core";
import type { inferRouterInputs } from "@trpc/server";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import type { TCachedResult } from "~/lib/client-db";
import { forgetResultOfDocument, listCachedResults } from "~/lib/result-cache";
import { useOnline } from "~/lib/use-online";
import type { TAppRouter } from "~/server/trpc/root";
import { useTRPC } from "~/trpc/client";

type TSearchInput = inferRouterInputs<TAppRouter>["search"]["query"];
type TRow = { id: string; filename: string; createdAt: string; status: string; documentType: string | null };

const STATUSES = ["completed", "pending", "processing", "failed", "cancelled"] as const satisfies NonNullable<TSearchInput["status"]>[];
const PAGE_SIZE = 20;

/** The day a date input names, as the instant it starts (from) or the next day starts (to, exclusive). */
function dayStart(value: string, plusDays = 0): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00`);
  date.setDate(date.getDate() + plusDays);
  return date;
}

/** Waits until typing pauses, so search does not run on every key. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Documents searched on the server (full text, filters, pages), or the results kept on this device while offline. */
/** The registered document types a person can filter by, as the server's registry lists them. */
export type TTypeOption = { name: TDocumentType; label: string };

export function DocumentsList({ types }: { types: TTypeOption[] }) {
  const labels = new Map<string, string>(types.map((t) => [t.name, t.label]));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const online = useOnline();
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState("");
  const [type, setType] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [kept, setKept] = useState<TCachedResult[]>([]);
  const [message, setMessage] = useState("");
  const q = useSettled(query.trim(), 300);

  const filters = {
    ...(q ? { q } : {}),
    ...(STATUSES.includes(status as never) ? { status: status as TSearchInput["status"] } : {}),
    ...(labels.has(type) ? { type: type as TDocumentType } : {}),
    ...(dayStart(from) ? { from: dayStart(from) } : {}),
    ...(dayStart(to, 1) ? { to: dayStart(to, 1) } : {}),
  };
  const search = useInfiniteQuery(
    trpc.search.query.infiniteQueryOptions({ ...filters, limit: PAGE_SIZE }, { enabled: online, getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const remove = useMutation(
    trpc.documents.delete.mutationOptions({
      onSuccess: async (_data, input) => {
        await forgetResultOfDocument(input.id);
        await queryClient.invalidateQueries({ queryKey: trpc.search.query.pathKey() });
        setMessage("The document was deleted.");
      },
      onError: (error) => setMessage(error.message),
    }),
  );
  useEffect(() => void listCachedResults().then(setKept), []);

  const fromServer = online && search.data;
  const rows: TRow[] = useMemo(() => {
    if (fromServer) {
      return fromServer.pages.flatMap((page) =>
        page.items.map((d) => ({
          id: d.documentId,
          filename: d.filename,
          createdAt: d.createdAt.toISOString(),
          status: d.status ?? "none",
          documentType: d.documentType,
        })),
      );
    }
    // Offline: the same filters over what this device kept (file names only; the text index is on the server).
    const needle = query.trim().toLowerCase();
    const start = dayStart(from)?.getTime() ?? -Infinity;
    const end = dayStart(to, 1)?.getTime() ?? Infinity;
    return kept
      .map((k) => ({ id: k.documentId, filename: k.filename, createdAt: k.result.createdAt, status: k.result.status, documentType: k.result.documentType }))
      .filter(
        (row) =>
          (!needle || row.filename.toLowerCase().includes(needle)) &&
          (!status || row.status === status) &&
          (!type || row.documentType === type) &&
          new Date(row.createdAt).getTime() >= start &&
          new Date(row.createdAt).getTime() < end,
      );
  }, [fromServer, kept, query, status, type, from, to]);

  const exportQuery = new URLSearchParams(
    Object.entries(filters).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : String(value)]),
  ).toString();

  return (
    <>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <div>
          <label htmlFor="q">Search</label>
          <input id="q" type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Words, names, amounts" />
        </div>
        <div>
          <label htmlFor="type">Type</label>
          <select id="type" value={type} onChange={(event) => setType(event.target.value)}>
            <option value="">Any</option>
            {types.map((t) => (
              <option key={t.name} value={t.name}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="status">Status</label>
          <select id="status" value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from">From</label>
          <input id="from" type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        </div>
        <div>
          <label htmlFor="to">To</label>
          <input id="to" type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        </div>
      </form>
      <p className="actions">
        <a href={`/api/export?format=csv${exportQuery ? `&${exportQuery}` : ""}`} download>
          Export as CSV
        </a>
        <a href={`/api/export?format=json${exportQuery ? `&${exportQuery}` : ""}`} download>
          Export as JSON
        </a>
      </p>
      {!fromServer && <p className="muted">Showing the results kept on this device{online ? "" : " (offline)"}.</p>}
      {search.error && online && <p className="error">{search.error.message}</p>}
      <p role="status" className="small">
        {message}
      </p>
      {rows.length === 0 ? (
        <p className="muted">{online && search.isPending ? "Loading…" : "No documents match."}</p>
      ) : (
        <ul className="rows" data-testid="documents">
          {rows.map((row) => (
            <li key={row.id} className="row" data-testid="document-row" data-document-id={row.id}>
              <div className="row-head">
                <Link prefetch={false} className="filename" href={`/result?id=${row.id}`}>
                  {row.filename}
                </Link>
                <span className="muted small">{new Date(row.createdAt).toLocaleDateString()}</span>
              </div>
              <p className="small">
                <span className={`state state-${row.status}`}>{row.status}</span>
                {row.documentType ? ` · ${labels.get(row.documentType) ?? row.documentType}` : ""}
              </p>
              {fromServer && (
                <div className="actions">
                  <button
                    type="button"
                    className="secondary"
                    disabled={remove.isPending}
                    onClick={() => {
                      if (window.confirm(`Delete ${row.filename} and its result?`)) remove.mutate({ id: row.id });
                    }}
                  >
                    Delete <span className="visually-hidden">{row.filename}</span>
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {fromServer && search.hasNextPage && (
        <p>
          <button type="button" className="secondary" disabled={search.isFetchingNextPage} onClick={() => void search.fetchNextPage()}>
            {search.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
        </p>
      )}
    </>
  );
}

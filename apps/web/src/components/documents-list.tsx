"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import type { TCachedResult } from "~/lib/client-db";
import { forgetResultOfDocument, listCachedResults } from "~/lib/result-cache";
import { useOnline } from "~/lib/use-online";
import { useTRPC } from "~/trpc/client";

type TRow = { id: string; filename: string; mimeType: string; createdAt: string; status: string };

const STATUSES = ["completed", "pending", "processing", "failed", "cancelled"] as const;

/** Documents from the server, or the results kept on this device while offline; searchable, filterable, exportable. */
export function DocumentsList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const online = useOnline();
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState("");
  const [kind, setKind] = useState("");
  const [kept, setKept] = useState<TCachedResult[]>([]);
  const [message, setMessage] = useState("");
  const list = useQuery(trpc.documents.list.queryOptions({ limit: 100 }, { enabled: online }));
  const remove = useMutation(
    trpc.documents.delete.mutationOptions({
      onSuccess: async (_data, input) => {
        await forgetResultOfDocument(input.id);
        await queryClient.invalidateQueries({ queryKey: trpc.documents.list.queryKey() });
        setMessage("The document was deleted.");
      },
      onError: (error) => setMessage(error.message),
    }),
  );
  useEffect(() => void listCachedResults().then(setKept), []);

  const fromServer = online && list.data;
  const rows: TRow[] = useMemo(() => {
    if (fromServer) {
      return fromServer.map((d) => ({ id: d.id, filename: d.filename, mimeType: d.mimeType, createdAt: d.createdAt.toISOString(), status: d.status ?? "none" }));
    }
    return kept.map((k) => ({ id: k.documentId, filename: k.filename, mimeType: k.result.mimeType, createdAt: k.result.createdAt, status: k.result.status }));
  }, [fromServer, kept]);

  const needle = query.trim().toLowerCase();
  const shown = rows.filter(
    (row) =>
      (!needle || row.filename.toLowerCase().includes(needle)) &&
      (!status || row.status === status) &&
      (!kind || (kind === "pdf" ? row.mimeType === "application/pdf" : row.mimeType.startsWith("image/"))),
  );

  return (
    <>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <div>
          <label htmlFor="q">Search</label>
          <input id="q" type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="File name" />
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
          <label htmlFor="kind">Kind</label>
          <select id="kind" value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="">Any</option>
            <option value="image">Photos</option>
            <option value="pdf">PDFs</option>
          </select>
        </div>
      </form>
      <p className="actions">
        <a href="/api/export?format=csv" download>
          Export as CSV
        </a>
        <a href="/api/export?format=json" download>
          Export as JSON
        </a>
      </p>
      {!fromServer && <p className="muted">Showing the results kept on this device{online ? "" : " (offline)"}.</p>}
      {list.error && online && <p className="error">{list.error.message}</p>}
      <p role="status" className="small">
        {message}
      </p>
      {shown.length === 0 ? (
        <p className="muted">No documents match.</p>
      ) : (
        <ul className="rows" data-testid="documents">
          {shown.map((row) => (
            <li key={row.id} className="row" data-testid="document-row">
              <div className="row-head">
                <Link prefetch={false} className="filename" href={`/result?id=${row.id}`}>
                  {row.filename}
                </Link>
                <span className="muted small">{new Date(row.createdAt).toLocaleDateString()}</span>
              </div>
              <p className="small">
                <span className={`state state-${row.status}`}>{row.status}</span>
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
    </>
  );
}

"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { csrfHeaders } from "~/lib/csrf-client";
import { useTRPC } from "~/trpc/client";
import { DocumentView } from "./document-view";

type TUploadResponse = { documentId: string; jobId: string; status: "accepted" | "known" };
type TProblem = { error?: { code?: string; message?: string } };

async function uploadFile(file: File): Promise<TUploadResponse> {
  const response = await fetch("/api/upload", {
    method: "POST",
    headers: {
      ...csrfHeaders(),
      "content-type": file.type || "application/octet-stream",
      "x-filename": encodeURIComponent(file.name),
    },
    body: file,
  });
  const body = (await response.json().catch(() => ({}))) as TUploadResponse & TProblem;
  if (!response.ok) {
    throw new Error(body.error?.message ?? `The upload failed (HTTP ${response.status}). Try again.`);
  }
  return body;
}

export function UploadPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [documentId, setDocumentId] = useState<string | null>(null);
  const documents = useQuery(trpc.documents.list.queryOptions());

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const result = await uploadFile(file);
      setDocumentId(result.documentId);
      await queryClient.invalidateQueries({ queryKey: trpc.documents.list.queryKey() });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form className="picker" onSubmit={onSubmit}>
        <label htmlFor="file">Choose a document</label>
        <input
          id="file"
          name="file"
          type="file"
          accept="image/jpeg,image/png,image/webp,image/tiff,application/pdf"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setError(null);
          }}
        />
        <button type="submit" disabled={!file || busy}>
          {busy ? "Uploading…" : "Upload"}
        </button>
      </form>
      {error && (
        <p role="alert" className="error" data-testid="upload-error">
          {error}
        </p>
      )}
      {documentId && <DocumentView id={documentId} />}
      <section aria-labelledby="recent">
        <h2 id="recent">Recent documents</h2>
        <ul className="docs">
          {documents.data?.map((doc) => (
            <li key={doc.id}>
              <button type="button" onClick={() => setDocumentId(doc.id)}>
                {doc.filename}
              </button>{" "}
              <span className="muted">{doc.status ?? "unknown"}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { TCachedResult, TUploadProgress } from "~/lib/client-db";
import { cacheResult, cachedResultByDocument } from "~/lib/result-cache";
import { needsReview, type TFieldView } from "~/lib/result-view";
import { neighbourDocument, RESULT_KEYS, reviewOrder } from "~/lib/review-keys";
import { toResultView } from "~/lib/to-result-view";
import { progressText } from "~/lib/upload-labels";
import { useOnline } from "~/lib/use-online";
import { dialogOpen, useReviewKeys } from "~/lib/use-review-keys";
import { useTRPC } from "~/trpc/client";
import { FieldList, type TCorrect, type TForget, type TUndo } from "./field-list";
import { LineItemsEditor, SumCheck, type TEditableItem } from "./line-items-editor";
import { TypePicker } from "./type-picker";
import { NearDuplicateNotice } from "./near-duplicate-notice";
import { PageWithBoxes } from "./page-with-boxes";
import { ReviewKeysHelp } from "./review-keys-help";
import { SplitDocument } from "./split-document";
import { SplitPhoto } from "./split-photo";

const RUNNING = new Set(["pending", "processing"]);
const TERMINAL = new Set(["done", "failed", "cancelled"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Only when the live feed could not be opened: how often the page asks instead. */
const FALLBACK_POLL_MS = 2_000;

/** What a person typed, in the type the field had (a number stays a number; empty clears the field). */
function typedValue(text: string, extracted: unknown): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (typeof extracted === "number" && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return trimmed;
}

type TTypes = { name: string; label: string }[];

/** The document named in the address; a new document (the review keys' next) starts with a fresh state. */
export function ResultScreen({ types = [] }: { types?: TTypes }) {
  const id = useSearchParams().get("id") ?? "";
  return <DocumentResult key={id} id={id} types={types} />;
}

/** The row of a field on the page, by its key. */
const fieldRow = (key: string) => document.querySelector<HTMLElement>(`[data-testid="field"][data-field="${CSS.escape(key)}"]`);

/** One document's result: from the server when online (progress pushed live while it is read), else as kept on this device. */
function DocumentResult({ id, types }: { id: string; types: TTypes }) {
  const online = useOnline();
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kept, setKept] = useState<TCachedResult | null | undefined>(undefined);
  const [selected, setSelected] = useState<string | null>(null);
  const [progress, setProgress] = useState<TUploadProgress | null>(null);
  const [liveFailed, setLiveFailed] = useState(false);

  useEffect(() => {
    if (!id) return;
    void cachedResultByDocument(id).then(setKept, () => setKept(null));
  }, [id]);

  const valid = UUID.test(id);
  const doc = useQuery(
    trpc.documents.get.queryOptions(
      { id },
      {
        enabled: online && valid,
        retry: 1,
        // Progress is pushed by jobs.onProgress; the page asks again only if that feed could not be opened.
        refetchInterval: (query) => (liveFailed && RUNNING.has(query.state.data?.job?.status ?? "") ? FALLBACK_POLL_MS : false),
      },
    ),
  );
  const job = doc.data?.job;
  const running = Boolean(job && RUNNING.has(job.status));

  useSubscription(
    trpc.jobs.onProgress.subscriptionOptions(
      { jobId: job?.id ?? "" },
      {
        enabled: online && running && Boolean(job?.id) && !liveFailed,
        onData: (event) => {
          setProgress({ step: event.step, ...(event.page ? { page: event.page } : {}), ...(event.pages ? { pages: event.pages } : {}) });
          if (TERMINAL.has(event.step)) void queryClient.invalidateQueries({ queryKey: trpc.documents.get.queryKey({ id }) });
        },
        onError: () => setLiveFailed(true),
      },
    ),
  );

  const extraction = useQuery(trpc.extractions.get.queryOptions({ documentId: id }, { enabled: online && valid && job?.status === "completed", retry: 1 }));

  const correct = useMutation(trpc.extractions.correctField.mutationOptions());
  const onCorrect: TCorrect = async (field: TFieldView, value: string | null) => {
    const original = extraction.data?.fields.find((f) => f.name === field.key);
    if (value === null) await correct.mutateAsync({ documentId: id, field: field.key, action: "confirm" });
    else await correct.mutateAsync({ documentId: id, field: field.key, action: "correct", value: typedValue(value, original?.extractedValue) });
    await queryClient.invalidateQueries({ queryKey: trpc.extractions.get.queryKey({ documentId: id }) });
  };

  const refreshFields = () => queryClient.invalidateQueries({ queryKey: trpc.extractions.get.queryKey({ documentId: id }) });
  const undo = useMutation(trpc.extractions.undo.mutationOptions());
  const onUndo: TUndo = async (field) => {
    await undo.mutateAsync({ documentId: id, field: field.key });
    await refreshFields();
  };
  const forget = useMutation(trpc.extractions.forgetLearned.mutationOptions());
  const onForget: TForget = async (field) => {
    await forget.mutateAsync({ documentId: id, field: field.key });
    await refreshFields();
  };
  const onSaveItems = async (items: TEditableItem[]) => {
    await correct.mutateAsync({ documentId: id, field: "lineItems", action: "correct", value: items });
    await refreshFields();
  };
  const serverItems = extraction.data?.fields.find((f) => f.name === "lineItems")?.value;
  const changeType = useMutation(trpc.extractions.changeType.mutationOptions());
  const onChangeType = async (type: string) => {
    const parsed = types.find((t) => t.name === type);
    if (!parsed) return;
    await changeType.mutateAsync({ documentId: id, type: parsed.name as Parameters<typeof changeType.mutateAsync>[0]["type"] });
    await refreshFields();
  };

  const fresh = doc.data && (job?.status !== "completed" || extraction.data) ? toResultView(doc.data, extraction.data) : null;
  // Keep the full result (fields, boxes, corrections) on this device, so it opens offline as last seen.
  useEffect(() => {
    if (fresh && kept && fresh.status === "completed") void cacheResult(kept.ownerId, kept.sha256, fresh, kept.storedAt);
    // Runs when the extraction (its identity says when it changed) or the kept entry changes.
  }, [extraction.data, kept?.sha256]);

  // The review keys (lib/review-keys.ts): the same buttons a pointer uses, pressed from the keyboard.
  const [help, setHelp] = useState(false);
  const [keysNotice, setKeysNotice] = useState<string | null>(null);
  const byKeyboard = useRef(false);
  useEffect(() => {
    const key = () => void (byKeyboard.current = true);
    const pointer = () => void (byKeyboard.current = false);
    document.addEventListener("keydown", key, true);
    document.addEventListener("pointerdown", pointer, true);
    return () => {
      document.removeEventListener("keydown", key, true);
      document.removeEventListener("pointerdown", pointer, true);
    };
  }, []);
  const waiting = useQuery(trpc.extractions.reviewQueue.queryOptions({ limit: 100 }, { enabled: online && valid }));
  const shownFields = (fresh ?? kept?.result)?.fields ?? [];
  const editable = Boolean(fresh && online && extraction.data);
  const focusField = (key: string | undefined) => {
    if (!key) return false;
    setSelected(key);
    fieldRow(key)?.focus();
  };
  const moveField = (step: 1 | -1) => {
    const at = shownFields.findIndex((f) => f.key === selected);
    if (at === -1) return focusField((shownFields.find(needsReview) ?? shownFields[step === 1 ? 0 : shownFields.length - 1])?.key);
    return focusField(shownFields[Math.min(shownFields.length - 1, Math.max(0, at + step))]?.key);
  };
  /** Presses the selected field's button for the action, as a pointer would. */
  const press = (action: "confirm" | "edit" | "undo") => {
    const button = selected ? fieldRow(selected)?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`) : null;
    if (!button || button.disabled) return false;
    button.click();
  };
  /** Saved from the keyboard: on to the next field still to check (or stay on this one when none is left). */
  const onFieldDone = (key: string) => {
    if (!byKeyboard.current) return;
    const at = shownFields.findIndex((f) => f.key === key);
    const next = [...shownFields.slice(at + 1), ...shownFields.slice(0, at)].find(needsReview);
    focusField(next?.key ?? key);
  };
  const goDocument = (step: 1 | -1) => {
    const target = neighbourDocument(
      id,
      step,
      reviewOrder(),
      (waiting.data ?? []).map((item) => item.documentId),
    );
    if (target) router.push(`/result?id=${target}`);
    else setKeysNotice(step === 1 ? "No more documents wait for review." : "This is the first document to review.");
  };
  const confirmAllAndNext = () => {
    if (!editable) {
      setKeysNotice("The fields are still loading: press a again in a moment.");
      return;
    }
    setKeysNotice("Confirming…");
    void (async () => {
      for (const field of shownFields.filter(needsReview)) await correct.mutateAsync({ documentId: id, field: field.key, action: "confirm" });
      await refreshFields();
      setKeysNotice(null);
      goDocument(1);
    })().catch((error: unknown) => setKeysNotice(error instanceof Error ? error.message : String(error)));
  };
  useReviewKeys(
    RESULT_KEYS,
    {
      nextField: () => moveField(1),
      previousField: () => moveField(-1),
      confirm: () => press("confirm"),
      edit: () => press("edit"),
      undo: () => press("undo"),
      confirmAllAndNext,
      nextDocument: () => goDocument(1),
      previousDocument: () => goDocument(-1),
      type: () => document.getElementById("document-type")?.focus(),
      items: () => {
        const details = document.querySelector<HTMLDetailsElement>("details.edit-items");
        if (!details) return false;
        details.open = true;
        details.querySelector("input")?.focus();
      },
      inbox: () => router.push("/review"),
      help: () => setHelp(!dialogOpen()),
    },
    valid,
  );

  if (!id)
    return (
      <p className="error">
        No document was named. Open one from the <Link href="/documents">documents page</Link>.
      </p>
    );
  if (!valid)
    return (
      <p className="error">
        &quot;{id}&quot; is not a document id. Open one from the <Link href="/documents">documents page</Link>.
      </p>
    );
  const view = fresh ?? kept?.result ?? (doc.data ? toResultView(doc.data, null) : undefined);
  if (!view) {
    if (doc.error) return <p className="error">{doc.error.message}</p>;
    if (!online && kept === null) return <p>This result is not kept on this device, and you are offline.</p>;
    return <p className="muted">Loading…</p>;
  }
  const fromServer = Boolean(fresh);
  const shownProgress = progress ?? job?.progress ?? { step: "queued" };
  return (
    <article data-testid="result" data-document-id={view.documentId} data-status={view.status} data-live={running && !liveFailed ? "push" : "none"}>
      <h1 className="filename">{view.filename}</h1>
      <p className="status" data-testid="job-status" data-status={view.status} aria-live="polite">
        {running ? `Reading: ${progressText(shownProgress)}` : statusText(view.status)}
        {!fromServer && kept ? " (kept on this device)" : ""}
      </p>
      {job?.status === "failed" && job.lastError && <p className="error">{job.lastError}</p>}
      {extraction.error && <p className="error">{extraction.error.message}</p>}
      {view.sentOut && (
        <p className="muted small" data-testid="sent-out">
          Sent to {view.sentOut.to} on {new Date(view.sentOut.at).toLocaleString()}, cost ${view.sentOut.costUsd.toFixed(4)}
        </p>
      )}
      {view.keptLocal && (
        <p className="notice" data-testid="kept-local">
          {view.keptLocal}
        </p>
      )}
      {fromServer && doc.data && doc.data.nearDuplicates.length > 0 && (
        <NearDuplicateNotice key={view.documentId} documentId={view.documentId} filename={view.filename} duplicates={doc.data.nearDuplicates} />
      )}
      {view.engines.length > 0 && (
        <p className="muted small">
          Read with {view.engines.join(" + ")}, overall confidence {Math.round(view.confidence * 100)}%
          {view.documentType ? `; looks like a ${view.documentType.replace(/_/g, " ")}` : ""}
        </p>
      )}
      <div className="result-grid">
        {(view.mimeType.startsWith("image/") || view.mimeType === "application/pdf") && (
          <PageWithBoxes
            documentId={view.documentId}
            filename={view.filename}
            mimeType={view.mimeType}
            fields={view.fields}
            pages={view.pages}
            selected={selected}
            onSelect={setSelected}
          />
        )}
        <section aria-labelledby="fields-title">
          <h2 id="fields-title">Fields</h2>
          {!running && <ReviewKeysHelp keys={RESULT_KEYS} open={help} onClose={() => setHelp(false)} />}
          <p className="small" role="status" data-testid="review-keys-notice">
            {keysNotice}
          </p>
          {!running && fromServer && online && extraction.data && types.length > 0 && (
            <TypePicker key={view.documentType ?? "none"} current={view.documentType} types={types} onChange={onChangeType} />
          )}
          {running ? (
            <p className="muted">The fields show once the document has been read.</p>
          ) : (
            <>
              <FieldList
                fields={view.fields}
                selected={selected}
                onSelect={setSelected}
                onCorrect={fromServer && online && extraction.data ? onCorrect : undefined}
                onUndo={onUndo}
                onForget={onForget}
                onDone={onFieldDone}
              />
              {view.sumCheck && <SumCheck check={view.sumCheck} />}
              {fromServer && online && Array.isArray(serverItems) && (
                <details className="edit-items">
                  <summary>Edit the items</summary>
                  <LineItemsEditor key={JSON.stringify(serverItems)} items={serverItems as TEditableItem[]} onSave={onSaveItems} />
                </details>
              )}
            </>
          )}
        </section>
      </div>
      {fromServer && online && !running && view.mimeType === "application/pdf" && view.pages.length > 1 && (
        <SplitDocument documentId={view.documentId} pages={view.pages.length} />
      )}
      {fromServer && online && !running && view.mimeType.startsWith("image/") && <SplitPhoto documentId={view.documentId} filename={view.filename} />}
      {view.text && (
        <details>
          <summary>Text as read</summary>
          <pre className="text" data-testid="extracted-text">
            {view.text}
          </pre>
        </details>
      )}
    </article>
  );
}

function statusText(status: string): string {
  const labels: Record<string, string> = {
    completed: "Done",
    failed: "Failed",
    cancelled: "Cancelled",
    pending: "Waiting in the queue",
    processing: "Reading",
  };
  return labels[status] ?? status;
}

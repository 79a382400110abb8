/** @jsxImportSource preact */
/**
 * The capture panel: files come in by drag and drop, the picker, the camera, the clipboard, the
 * share sheet (Web Share Target) or the desktop's "open with" (file handlers). Each is checked and
 * hashed in a Web Worker; a file already read shows its kept result at once; any other goes to the
 * upload queue in IndexedDB, for the signed-in user, and is sent now, or later when the network is
 * back. Shared files are shown first (shared-files.tsx) and taken only once the person confirms.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { clientDb, type TCachedResult, type TSharedFile } from "~/lib/client-db";
import { currentUser } from "~/lib/device-user";
import type { TCorners, TFileCheck } from "~/lib/file-check-types";
import { checkQuality, checkTaken, findCorners, flattenPhoto, warmFileChecker } from "~/lib/file-checker";
import { countBrowserCacheLookup } from "~/lib/report-cache-lookups";
import { cachedResultBySha } from "~/lib/result-cache";
import { kickUploads } from "~/lib/start-app";
import { formatBytes, progressText, sentText, STATE_LABELS } from "~/lib/upload-labels";
import { enqueueUpload, sendQueued } from "~/lib/upload-queue";
import { CachedResultCard } from "./cached-result-card";
import { useUploads } from "./hooks";
import { ScanTray, useScan } from "./scan-tray";
import { fillsFrame, StraightenPhoto } from "./straighten-photo";
import type { SharedFiles } from "./shared-files";

const ACCEPT = "image/jpeg,image/png,image/webp,image/tiff,image/heic,image/heif,application/pdf,.jpg,.jpeg,.png,.webp,.tif,.tiff,.heic,.heif,.pdf";
/** Photos only: each becomes a page of one document (an iPhone's HEIC too). */
const ACCEPT_PAGES = "image/*,.heic,.heif";

type TCaptureRow = {
  id: string;
  name: string;
  size: number;
  /**
   * doubtful: a photo the quality gate stopped, waiting for the person to send it anyway or drop it;
   * edges: its page's corners being looked for; straighten: corners found, waiting for the person.
   */
  phase: "checking" | "refused" | "doubtful" | "edges" | "straighten" | "cached" | "queued";
  hashed: number;
  message?: string;
  uploadId?: string;
  cached?: TCachedResult;
  corners?: TCorners;
  /** Straightening under way. */
  busy?: boolean;
};

/** The photos the worker can straighten (a TIFF or a PDF is a scan already). */
const STRAIGHTENED = new Set(["image/jpeg", "image/png", "image/webp"]);

type TLaunchQueue = { setConsumer(consumer: (params: { files: { getFile(): Promise<File> }[] }) => void): void };

/** Shared files waiting for the person to confirm them, and the panel's code (loaded only when there are some). */
type TSharedPanel = { Panel: typeof SharedFiles; entries: TSharedFile[]; left: number };

/**
 * Files shared into the app wait in IndexedDB (the service worker put them there) until the person
 * confirms them. Read after the user check: files shared while someone else was signed in are gone by then.
 */
async function sharedFilesWaiting(): Promise<TSharedPanel | null> {
  const params = new URLSearchParams(window.location.search);
  const left = Number(params.get("left") ?? 0);
  // The marker goes at once: what waits is in IndexedDB, and a reload finds it there.
  if (params.has("shared")) window.history.replaceState(null, "", "/");
  await currentUser();
  const entries = (await (await clientDb()).getAll("shared")).sort((a, b) => a.sharedAt - b.sharedAt);
  if (entries.length === 0) return null;
  const { SharedFiles: Panel } = await import("./shared-files");
  return { Panel, entries, left: Number.isInteger(left) && left > 0 ? left : 0 };
}

export function CapturePanel() {
  const [rows, setRows] = useState<TCaptureRow[]>([]);
  const [dragging, setDragging] = useState(false);
  const [shared, setShared] = useState<TSharedPanel | null>(null);
  const [notice, setNotice] = useState("");
  const uploads = useUploads();
  const picker = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const scanInput = useRef<HTMLInputElement>(null);
  const scan = useScan();
  const { add: addPages, setProblem: setScanProblem } = scan;

  const patch = useCallback((id: string, change: Partial<TCaptureRow>) => {
    setRows((current) => current.map((row) => (row.id === id ? { ...row, ...change } : row)));
  }, []);
  /** Photos waiting for the person (stopped by the quality gate, or to be straightened), until sent or dropped. */
  const held = useRef(new Map<string, { file: File; check: Extract<TFileCheck, { ok: true }> }>());

  /** Queues a checked file for the signed-in user and sends it now when online. */
  const keep = useCallback(
    async (id: string, file: File, check: Extract<TFileCheck, { ok: true }>) => {
      const ownerId = await currentUser();
      if (!ownerId) return patch(id, { phase: "refused", message: "You are signed out, so this file was not kept. Sign in again, then add it." });
      const item = await enqueueUpload({ blob: file, name: file.name, type: check.type, sha256: check.sha256, ownerId });
      performance.mark("dv:file-queued");
      patch(id, { phase: "queued", uploadId: item.uploadId, hashed: file.size });
      const outcome = navigator.onLine ? await sendQueued(item.uploadId, { userId: ownerId }) : "offline";
      if (outcome === "offline" || outcome === "retry-later") await kickUploads();
    },
    [patch],
  );

  const takeFile = useCallback(
    async (taken: File) => {
      const id = crypto.randomUUID();
      setRows((current) => [{ id, name: taken.name, size: taken.size, phase: "checking", hashed: 0 }, ...current]);
      const { file, check } = await checkTaken(taken, (done) => patch(id, { hashed: done }));
      performance.mark("dv:file-checked");
      // An iPhone photo was turned into a JPEG here: the row names what is kept.
      if (file !== taken) patch(id, { name: file.name, size: file.size });
      if (!check.ok) return patch(id, { phase: "refused", message: check.message });
      const ownerId = await currentUser();
      if (!ownerId) return patch(id, { phase: "refused", message: "You are signed out, so this file was not kept. Sign in again, then add it." });
      const cached = await cachedResultBySha(check.sha256);
      countBrowserCacheLookup(cached ? "hit" : "miss");
      if (cached) return patch(id, { phase: "cached", cached, hashed: file.size });
      // Only a photo not read before is straightened and measured: a known one shows its result at once, above.
      held.current.set(id, { file, check });
      await offerStraightening(id);
    },
    [patch, keep],
  );

  /** Sends what is held for the row (the photo as it is). */
  const sendHeld = (id: string) => {
    const photo = held.current.get(id);
    if (!photo) return;
    held.current.delete(id);
    keep(id, photo.file, photo.check).catch((error: unknown) => patch(id, { phase: "refused", message: `This file could not be kept (${String(error)}).` }));
  };

  /**
   * A photo of a page on a table is offered straightened: the worker looks for the page's corners
   * (OpenCV.js, loaded now) and, when it finds a page that does not already fill the photo, the
   * person checks the corners (the quality gate then measures the flat page, not the table).
   * Otherwise the photo goes through the quality gate as it is.
   */
  async function offerStraightening(id: string) {
    const photo = held.current.get(id);
    if (!photo) return;
    if (!STRAIGHTENED.has(photo.check.type)) return sendHeld(id);
    patch(id, { phase: "edges", hashed: photo.file.size });
    const found = await findCorners(photo.file);
    // The person may have chosen "Send as it is" (or Remove) meanwhile.
    if (held.current.get(id) !== photo) return;
    if (found && !fillsFrame(found.corners)) return patch(id, { phase: "straighten", corners: found.corners });
    await gate(id);
  }

  /** The quality gate on what is held for the row: a photo that fails waits for the person; one that passes is sent. */
  async function gate(id: string) {
    const photo = held.current.get(id);
    if (!photo) return;
    const quality = await checkQuality(photo.file, photo.check.type);
    if (held.current.get(id) !== photo) return;
    if (quality) return patch(id, { phase: "doubtful", message: quality.message, hashed: photo.file.size });
    sendHeld(id);
  }

  const straighten = async (id: string, corners: TCorners, keepOriginal: boolean) => {
    const photo = held.current.get(id);
    if (!photo) return;
    patch(id, { busy: true, message: undefined });
    const flat = await flattenPhoto(photo.file, corners);
    if (!flat.ok) return patch(id, { busy: false, message: flat.message });
    const { file, check } = await checkTaken(flat.file);
    if (!check.ok) return patch(id, { busy: false, message: check.message });
    patch(id, { name: file.name, size: file.size, busy: false, corners: undefined });
    const cached = await cachedResultBySha(check.sha256);
    if (cached) {
      held.current.delete(id);
      patch(id, { phase: "cached", cached, hashed: file.size });
    } else {
      held.current.set(id, { file, check });
      await gate(id);
    }
    // The original too, as a document of its own, when the person asked for it.
    if (keepOriginal) {
      const originalId = crypto.randomUUID();
      setRows((current) => [{ id: originalId, name: photo.file.name, size: photo.file.size, phase: "checking", hashed: 0 }, ...current]);
      await keep(originalId, photo.file, photo.check);
    }
  };

  const sendAnyway = sendHeld;
  const drop = (id: string) => {
    held.current.delete(id);
    setRows((current) => current.filter((row) => row.id !== id));
  };

  const takeFiles = useCallback(
    (files: Iterable<File>) => {
      performance.mark("dv:file-chosen");
      for (const file of files) {
        takeFile(file).catch((error: unknown) => {
          console.error("capture failed", error);
          setRows((current) => [
            {
              id: crypto.randomUUID(),
              name: file.name,
              size: file.size,
              phase: "refused",
              hashed: 0,
              message: `This file could not be taken (${String(error)}).`,
            },
            ...current,
          ]);
        });
      }
    },
    [takeFile],
  );

  const takePages = useCallback(
    (input: HTMLInputElement) => {
      const files = Array.from(input.files ?? []);
      input.value = "";
      addPages(files).catch((error: unknown) => setScanProblem(`These pages could not be kept (${String(error)}). Take them again.`));
    },
    [addPages, setScanProblem],
  );

  const takeFromInput = useCallback(
    (input: HTMLInputElement) => {
      takeFiles(Array.from(input.files ?? []));
      input.value = "";
    },
    [takeFiles],
  );

  useEffect(() => {
    warmFileChecker();
    // The pickers are in the server's HTML: a file chosen before this script ran is taken now.
    for (const input of [picker.current, camera.current]) if (input?.files?.length) takeFromInput(input);
    if (scanInput.current?.files?.length) takePages(scanInput.current);
    const onPaste = (event: ClipboardEvent) => {
      const files = Array.from(event.clipboardData?.files ?? []);
      if (files.length > 0) {
        event.preventDefault();
        takeFiles(files);
      }
    };
    document.addEventListener("paste", onPaste);
    // Files opened with docvault from the desktop (file_handlers in the manifest).
    const launchQueue = (window as Window & { launchQueue?: TLaunchQueue }).launchQueue;
    launchQueue?.setConsumer((params) => {
      void Promise.all(params.files.map((handle) => handle.getFile())).then(takeFiles);
    });
    // Files shared from another app (or posted by a website): shown, and sent only once confirmed.
    sharedFilesWaiting().then(setShared, (error: unknown) => setNotice(`The shared files could not be shown (${String(error)}). Share them again.`));
    return () => document.removeEventListener("paste", onPaste);
  }, [takeFiles, takeFromInput, takePages]);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    takeFiles(Array.from(event.dataTransfer?.files ?? []));
  };

  /** The person's answer about the shared files: they leave IndexedDB either way, and are taken only when sent. */
  const decideShared = async (send: boolean) => {
    if (!shared) return;
    const tx = (await clientDb()).transaction("shared", "readwrite");
    await Promise.all(shared.entries.map((entry) => tx.store.delete(entry.id)));
    await tx.done;
    setShared(null);
    if (send) takeFiles(shared.entries.map((entry) => new File([entry.blob], entry.name, { type: entry.type })));
    setNotice(send ? "" : "The shared files were discarded; nothing was sent.");
  };

  return (
    <>
      {shared && (
        <shared.Panel
          entries={shared.entries}
          left={shared.left}
          sizeLabel={formatBytes}
          onDecide={(send) =>
            void decideShared(send).catch((error: unknown) => setNotice(`The shared files could not be handled (${String(error)}). Share them again.`))
          }
        />
      )}
      {notice && (
        <p role="status" data-testid="capture-notice">
          {notice}
        </p>
      )}
      <section
        aria-labelledby="capture-title"
        class={`dropzone${dragging ? " dragging" : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="dropzone"
      >
        <h2 id="capture-title">Add documents</h2>
        <p class="muted">Drop files here, paste an image, or choose:</p>
        <div class="pickers">
          <label class="button" for="files">
            Choose files
          </label>
          <input
            id="files"
            ref={picker}
            class="visually-hidden"
            type="file"
            multiple
            accept={ACCEPT}
            onChange={(event) => takeFromInput(event.currentTarget)}
          />
          <label class="button secondary" for="camera">
            Take a photo
          </label>
          <input
            id="camera"
            ref={camera}
            class="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            onChange={(event) => takeFromInput(event.currentTarget)}
          />
          <label class="button secondary" for="scan">
            Scan pages
          </label>
          <input
            id="scan"
            ref={scanInput}
            class="visually-hidden"
            type="file"
            multiple
            accept={ACCEPT_PAGES}
            capture="environment"
            onChange={(event) => takePages(event.currentTarget)}
          />
        </div>
        <p class="muted small">
          Photos (JPEG, PNG, WebP, TIFF, iPhone HEIC) and PDFs. Each file is checked on this device first. Scan pages makes several photos one document.
        </p>
      </section>
      <ScanTray scan={scan} onDocument={(file) => takeFiles([file])} />

      <section aria-labelledby="taken-title">
        <h2 id="taken-title" class={rows.length === 0 ? "visually-hidden" : undefined}>
          Files added now
        </h2>
        <ul class="rows" aria-live="polite" data-testid="capture-rows">
          {rows.map((row) => {
            const upload = row.uploadId ? uploads.find((u) => u.uploadId === row.uploadId) : undefined;
            return (
              <li key={row.id} class="row" data-testid="capture-row" data-phase={row.phase} data-state={upload?.state}>
                <div class="row-head">
                  <span class="filename">{row.name}</span>
                  <span class="muted small">{formatBytes(row.size)}</span>
                </div>
                {row.phase === "checking" && (
                  <label class="small">
                    Checking on this device
                    <progress max={row.size || 1} value={row.hashed} />
                  </label>
                )}
                {row.phase === "refused" && (
                  <p role="alert" class="error" data-testid="capture-error">
                    {row.message}
                  </p>
                )}
                {row.phase === "doubtful" && (
                  <div data-testid="quality-stop">
                    <p role="alert" class="warn" data-testid="quality-message">
                      {row.message}
                    </p>
                    <div class="actions">
                      <button type="button" class="secondary" onClick={() => sendAnyway(row.id)}>
                        Send anyway
                      </button>
                      <button type="button" class="secondary" onClick={() => drop(row.id)}>
                        Remove <span class="visually-hidden">{row.name}</span>
                      </button>
                    </div>
                  </div>
                )}
                {row.phase === "edges" && (
                  <div class="actions">
                    <span class="small muted">Looking for the page&apos;s edges on this device…</span>
                    <button type="button" class="secondary" onClick={() => sendHeld(row.id)}>
                      Send as it is
                    </button>
                  </div>
                )}
                {row.phase === "straighten" && row.corners && held.current.get(row.id) && (
                  <>
                    {row.message && (
                      <p role="alert" class="error" data-testid="straighten-problem">
                        {row.message}
                      </p>
                    )}
                    <StraightenPhoto
                      file={held.current.get(row.id)?.file as File}
                      corners={row.corners}
                      busy={row.busy ?? false}
                      onStraighten={(corners, keepOriginal) =>
                        void straighten(row.id, corners, keepOriginal).catch((error: unknown) =>
                          patch(row.id, { busy: false, message: `The page could not be straightened (${String(error)}). Send the photo as it is.` }),
                        )
                      }
                      onAsIs={() => sendHeld(row.id)}
                      onRemove={() => drop(row.id)}
                    />
                  </>
                )}
                {row.phase === "cached" && row.cached && <CachedResultCard entry={row.cached} />}
                {row.phase === "queued" && upload && (
                  <p class="small" data-testid="upload-state" data-state={upload.state}>
                    <strong>{STATE_LABELS[upload.state]}</strong>
                    {upload.state === "processing" && upload.progress ? `: ${progressText(upload.progress)}` : ""}
                    {sentText(upload) ? `: ${sentText(upload)}` : ""}
                    {upload.state === "queued" && !navigator.onLine
                      ? sentText(upload)
                        ? ", once you are back online"
                        : ": will be sent when you are back online"
                      : ""}
                    {upload.error ? ` (${upload.error})` : ""}{" "}
                    {upload.documentId && upload.state === "done" ? <a href={`/result?id=${upload.documentId}`}>Open the result</a> : null}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
        {rows.some((row) => row.phase === "queued") && (
          <p class="small">
            <a href="/queue">See the whole queue</a>
          </p>
        )}
      </section>
    </>
  );
}

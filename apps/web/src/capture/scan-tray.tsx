/** @jsxImportSource preact */
/**
 * Several photos made into one document (issue 20, part 4): the pages of a contract or a long
 * receipt, taken one after another with "Scan pages" (on a phone each press opens the camera).
 * They wait here, in IndexedDB (lib/scan-pages.ts), for the person to put them in order, delete a
 * bad one, then make them one PDF on this device; that PDF goes the way of any file chosen.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import { currentUser } from "~/lib/device-user";
import { assemblePdf, checkQuality, checkTaken } from "~/lib/file-checker";
import { addScanPage, clearScan, MAX_SCAN_PAGES, moveScanPage, removeScanPage, scanPages, type TScanPage } from "~/lib/scan-pages";

/** Photos a page can be made of: what the browser draws (a PDF or a TIFF is added on its own). */
const PHOTO_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

export type TScan = {
  pages: TScanPage[];
  /** New pages are being checked. */
  busy: boolean;
  /** What the last action could not do, in a sentence. */
  problem: string;
  setProblem(problem: string): void;
  add(files: File[]): Promise<void>;
  reload(): Promise<void>;
};

/** The scan's pages, kept for the signed-in user, and how photos become pages. */
export function useScan(): TScan {
  const [pages, setPages] = useState<TScanPage[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");

  const reload = useCallback(async () => {
    const ownerId = await currentUser();
    setPages(ownerId ? await scanPages(ownerId) : []);
  }, []);
  useEffect(() => {
    reload().catch((error: unknown) => setProblem(`The pages kept on this device could not be read (${String(error)}).`));
  }, [reload]);

  const add = useCallback(
    async (files: File[]) => {
      setBusy(true);
      const problems: string[] = [];
      try {
        const ownerId = await currentUser();
        if (!ownerId) return setProblem("You are signed out, so these pages were not kept. Sign in again, then take them.");
        for (const taken of files) {
          const { file, check } = await checkTaken(taken);
          if (!check.ok) {
            problems.push(`${taken.name}: ${check.message}`);
            continue;
          }
          if (!PHOTO_TYPES.has(check.type)) {
            problems.push(`${taken.name} is not a photo: add PDFs and TIFF scans with Choose files, each as a document of its own.`);
            continue;
          }
          const warning = (await checkQuality(file, check.type))?.message ?? null;
          if (!(await addScanPage(ownerId, { blob: file, name: file.name, warning }))) {
            problems.push(`A scan holds at most ${MAX_SCAN_PAGES} pages: make these one document first, then start the next.`);
            break;
          }
        }
        await reload();
      } finally {
        setProblem(problems.join(" "));
        setBusy(false);
      }
    },
    [reload],
  );

  return { pages, busy, problem, add, setProblem, reload };
}

/** "Scan 2026-12-06 17.42": the document's name, from the time it was made. */
function scanName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `Scan ${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}.${pad(now.getMinutes())}`;
}

/** The pages, each with its place, and the actions; nothing while no scan is under way. `onDocument` gets the PDF. */
export function ScanTray({ scan, onDocument }: { scan: TScan; onDocument: (file: File) => void }) {
  const { pages, busy, problem, setProblem, reload } = scan;
  const [working, setWorking] = useState(false);
  const [urls, setUrls] = useState<Map<string, string>>(new Map());

  // One object URL per page for its thumbnail, revoked when the page goes.
  useEffect(() => {
    const next = new Map(pages.map((page) => [page.id, URL.createObjectURL(page.blob)]));
    setUrls(next);
    return () => next.forEach((url) => URL.revokeObjectURL(url));
  }, [pages]);

  const act = async (action: (ownerId: string) => Promise<void>) => {
    const ownerId = await currentUser();
    if (!ownerId) return setProblem("You are signed out. Sign in again to go on with these pages.");
    await action(ownerId).catch((error: unknown) => setProblem(`That did not work (${String(error)}). Try again.`));
    await reload();
  };

  const make = async () => {
    setWorking(true);
    try {
      const made = await assemblePdf(
        pages.map((page) => page.blob),
        scanName(),
      );
      if (!made.ok) return setProblem(made.message);
      onDocument(made.file);
      await act(clearScan);
      setProblem("");
    } finally {
      setWorking(false);
    }
  };

  if (pages.length === 0 && !problem && !busy) return null;
  const n = pages.length;
  return (
    <section aria-labelledby="scan-title" class="scan" data-testid="scan-tray">
      <h2 id="scan-title">Pages of one document{n > 0 ? ` (${n} ${n === 1 ? "page" : "pages"})` : ""}</h2>
      {busy && <p class="small muted">Checking the new pages on this device…</p>}
      {problem && (
        <p role="alert" class="error" data-testid="scan-problem">
          {problem}
        </p>
      )}
      <ol class="scan-pages">
        {pages.map((page, index) => (
          <li key={page.id} class="scan-page" data-testid="scan-page" data-name={page.name}>
            <img src={urls.get(page.id)} alt={`Page ${index + 1}: ${page.name}`} />
            <div>
              <p class="small">
                <strong>Page {index + 1}</strong> <span class="muted">{page.name}</span>
              </p>
              {page.warning && <p class="warn small">{page.warning}</p>}
              <div class="actions">
                <button type="button" class="secondary" disabled={index === 0} onClick={() => void act((owner) => moveScanPage(owner, page.id, -1))}>
                  Move up <span class="visually-hidden">page {index + 1}</span>
                </button>
                <button type="button" class="secondary" disabled={index === n - 1} onClick={() => void act((owner) => moveScanPage(owner, page.id, 1))}>
                  Move down <span class="visually-hidden">page {index + 1}</span>
                </button>
                <button type="button" class="secondary" onClick={() => void act((owner) => removeScanPage(owner, page.id))}>
                  Delete <span class="visually-hidden">page {index + 1}</span>
                </button>
              </div>
            </div>
          </li>
        ))}
      </ol>
      <div class="actions">
        <label class="button secondary" for="scan">
          Add a page
        </label>
        <button type="button" disabled={n === 0 || working || busy} onClick={() => void make()}>
          {working ? "Making the PDF…" : `Make one document of ${n} ${n === 1 ? "page" : "pages"}`}
        </button>
        <button type="button" class="secondary" disabled={working} onClick={() => void act(clearScan).then(() => setProblem(""))}>
          Discard these pages
        </button>
      </div>
    </section>
  );
}

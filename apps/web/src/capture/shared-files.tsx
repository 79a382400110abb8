/** @jsxImportSource preact */
/**
 * Files shared into the app (Web Share Target), shown before anything is sent: name, size and a
 * thumbnail of each image, with Send and Discard. Any website can post a form to /share-target
 * and the service worker keeps whatever arrives, so nothing goes to the server until the person
 * confirms; a site the browser named is shown. Loaded by capture-panel.tsx only when files wait;
 * it imports nothing but Preact's hooks (what it needs comes in props), so it stays a small chunk
 * of its own instead of splitting the capture page's first scripts.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { TSharedFile } from "~/lib/client-db";

type TProps = {
  entries: TSharedFile[];
  /** Files the service worker left out of the last share (it keeps at most 20). */
  left: number;
  sizeLabel: (bytes: number) => string;
  /** Called once, with the person's choice. */
  onDecide: (send: boolean) => void;
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

export function SharedFiles({ entries, left, sizeLabel, onDecide }: TProps) {
  const [thumbs, setThumbs] = useState<Record<string, string>>({});
  // One decision per share: a second click must not send the files twice.
  const decided = useRef(false);
  useEffect(() => {
    const urls = Object.fromEntries(entries.filter((e) => e.type.startsWith("image/")).map((e) => [e.id, URL.createObjectURL(e.blob)]));
    setThumbs(urls);
    return () => Object.values(urls).forEach((url) => URL.revokeObjectURL(url));
  }, [entries]);

  const sites = [...new Set(entries.map((e) => e.from).filter((from): from is string => from !== null))];
  const decide = (send: boolean) => {
    if (decided.current) return;
    decided.current = true;
    onDecide(send);
  };

  return (
    <section aria-labelledby="shared-title" class="notice" data-testid="shared-files">
      <h2 id="shared-title">Files shared with docvault</h2>
      {sites.length > 0 && (
        <p class="error" data-testid="shared-from">
          Another website ({sites.join(", ")}) sent these files, not your device&apos;s share menu. Send them only if you meant to.
        </p>
      )}
      <p>Nothing has been sent yet. Check that these are the files you meant to share, then send them or discard them.</p>
      {left > 0 && <p>{plural(left, "more file")} from this share were left out: at most 20 are taken at a time.</p>}
      <ul class="rows">
        {entries.map((entry) => (
          <li key={entry.id} class="row" data-testid="shared-file">
            <div class="row-head">
              {thumbs[entry.id] && <img src={thumbs[entry.id]} alt={`Preview of ${entry.name}`} width={64} height={64} style={{ objectFit: "cover" }} />}
              <span class="filename">{entry.name}</span>
              <span class="muted small">
                {sizeLabel(entry.size)}
                {entry.type ? `, ${entry.type}` : ""}
              </span>
            </div>
          </li>
        ))}
      </ul>
      <div class="actions">
        <button type="button" onClick={() => decide(true)}>
          Send {plural(entries.length, "file")}
        </button>
        <button type="button" class="secondary" onClick={() => decide(false)}>
          Discard
        </button>
      </div>
    </section>
  );
}

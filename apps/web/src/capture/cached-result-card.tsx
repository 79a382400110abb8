/** @jsxImportSource preact */
import { useLayoutEffect } from "preact/hooks";
import type { TCachedResult } from "~/lib/client-db";
import { formatDay } from "~/lib/upload-labels";

/** A result kept on this device, shown the moment a file already read is chosen again. */
export function CachedResultCard({ entry }: { entry: TCachedResult }) {
  // Layout effect: marked when the card is in the DOM, not after the next paint whenever that comes.
  useLayoutEffect(() => {
    // Paired with "dv:file-chosen": the time from choosing a file to its kept result on screen.
    performance.mark("dv:cached-result-shown");
  }, []);
  const { result } = entry;
  return (
    <div class="cached" data-testid="cached-result" data-document-id={result.documentId}>
      <p class="small">
        <strong>Already read</strong> on {formatDay(entry.storedAt)} (kept on this device). <a href={`/result?id=${result.documentId}`}>Open the result</a>
      </p>
      {result.fields.length > 0 ? (
        <dl class="mini-fields" data-testid="cached-fields">
          {result.fields.slice(0, 4).map((field) => (
            <div key={field.key}>
              <dt>{field.label}</dt>
              <dd>{field.value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p class="snippet" data-testid="cached-text">
          {result.text.slice(0, 280)}
        </p>
      )}
    </div>
  );
}

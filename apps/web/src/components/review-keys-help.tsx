"use client";

import { useEffect, useRef } from "react";
import { keyLabel, type TReviewKey } from "~/lib/review-keys";

function Keys({ entry }: { entry: TReviewKey }) {
  return (
    <>
      {entry.keys.map((key, i) => (
        <span key={key}>
          {i > 0 && " or "}
          <kbd>{keyLabel(key)}</kbd>
        </span>
      ))}
    </>
  );
}

/**
 * The keys of a page, twice: a short line always on the page, and the whole table in a dialog that
 * `?` opens (Esc or the button closes it, and focus goes back where it was: the native dialog's own).
 */
export function ReviewKeysHelp({ keys, open, onClose }: { keys: TReviewKey[]; open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  const short = keys.filter((entry) => entry.action !== "help").slice(0, 6);
  return (
    <>
      <p className="muted small keys-line" data-testid="review-keys-line">
        Keys:{" "}
        {short.map((entry, i) => (
          <span key={entry.action}>
            {i > 0 && " · "}
            <kbd>{keyLabel(entry.keys[0] ?? "")}</kbd> {entry.says.split(" (")[0]?.toLowerCase()}
          </span>
        ))}
        {" · "}
        <kbd>?</kbd> all keys
      </p>
      <dialog ref={dialog} className="keys-help" aria-labelledby="keys-help-title" data-testid="review-keys-help" onClose={onClose}>
        <h2 id="keys-help-title">Keys</h2>
        <table>
          <tbody>
            {keys.map((entry) => (
              <tr key={entry.action}>
                <th scope="row">
                  <Keys entry={entry} />
                </th>
                <td>{entry.says}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </dialog>
    </>
  );
}

"use client";

import type { TQueuedUpload } from "~/lib/client-db";

export type TSignOut = { where: "here" | "everywhere"; pending?: "keep" | "discard" };

type TProps = { uploads: TQueuedUpload[]; onChoose: (choice: "keep" | "discard") => void; onCancel: () => void };

/**
 * Asked at sign-out when files this person added are not sent yet: they stay on this browser for
 * them alone and go when they sign in here again, or are discarded now.
 */
export function PendingAtSignOut({ uploads, onChoose, onCancel }: TProps) {
  const one = uploads.length === 1;
  const it = one ? "it" : "them";
  return (
    <div className="notice" role="alert" data-testid="sign-out-pending">
      <p>
        {one ? "1 file you added is" : `${uploads.length} files you added are`} not sent yet: <strong>{uploads.map((upload) => upload.name).join(", ")}</strong>
        . Kept, {one ? "it stays" : "they stay"} on this device for your account only (nobody else who signs in here sees or sends {it}) and{" "}
        {one ? "is" : "are"} sent when you sign in here again. Discarded, {one ? "it is" : "they are"} removed from this device and never sent.
      </p>
      <p className="actions">
        <button type="button" onClick={() => onChoose("keep")}>
          Keep {it} and sign out
        </button>
        <button type="button" className="secondary" onClick={() => onChoose("discard")}>
          Discard {it} and sign out
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </p>
    </div>
  );
}

"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { methodText } from "~/lib/field-method";
import { needsReview, type TFieldView } from "~/lib/result-view";
import { FormError } from "./form-error";

export type TCorrect = (field: TFieldView, value: string | null) => Promise<void>;
/** Forgets the value remembered for this document's sender (a learned field). */
export type TForget = (field: TFieldView) => Promise<void>;
/** Undoes the field's latest change still in force. */
export type TUndo = (field: TFieldView) => Promise<void>;

const CHANGE_WORDS: Record<string, string> = { corrected: "Corrected", confirmed: "Confirmed", learned: "Remembered", reverted: "Back to the reading" };

type TProps = {
  fields: TFieldView[];
  selected: string | null;
  onSelect: (key: string) => void;
  /** Confirms (value null) or corrects a field on the server; without it the list is read-only (offline). */
  onCorrect?: TCorrect;
  onForget?: TForget;
  onUndo?: TUndo;
  /** After a field was confirmed or corrected here (the review keys then go on to the next field to check). */
  onDone?: (key: string) => void;
};

/** Every field with its confidence; low-confidence ones are marked, and each can be confirmed or corrected. */
export function FieldList({ fields, selected, onSelect, onCorrect, onForget, onUndo, onDone }: TProps) {
  if (fields.length === 0) return <p className="muted">No fields were found in this document; its text is below.</p>;
  return (
    <ul className="fields" data-testid="fields">
      {fields.map((field) => (
        <FieldRow
          key={field.key}
          field={field}
          selected={selected === field.key}
          onSelect={onSelect}
          onCorrect={onCorrect}
          onForget={onForget}
          onUndo={onUndo}
          onDone={onDone}
        />
      ))}
    </ul>
  );
}

function FieldRow({
  field,
  selected,
  onSelect,
  onCorrect,
  onForget,
  onUndo,
  onDone,
}: {
  field: TFieldView;
  selected: boolean;
  onSelect: (key: string) => void;
  onCorrect?: TCorrect;
  onForget?: TForget;
  onUndo?: TUndo;
  onDone?: (key: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const row = useRef<HTMLLIElement>(null);
  const input = useRef<HTMLInputElement>(null);
  // Editing puts the cursor in the value, so a person who pressed "e" (or the button) types at once.
  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);
  const [draft, setDraft] = useState(field.value);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const low = needsReview(field);
  const inputId = `field-${field.key}`;

  async function run(value: string | null, action: "correct" | "forget" | "undo" = "correct") {
    if (!onCorrect) return;
    setBusy(true);
    setError(null);
    try {
      if (action === "forget") await onForget?.(field);
      else if (action === "undo") await onUndo?.(field);
      else await onCorrect(field, value);
      setEditing(false);
      if (action === "correct") onDone?.(field.key);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(draft);
  };
  const cancel = () => {
    setEditing(false);
    row.current?.focus();
  };

  return (
    <li
      ref={row}
      // Focusable (not in the Tab order): the review keys move focus from field to field.
      tabIndex={-1}
      className={`field${low ? " low" : ""}${selected ? " selected" : ""}`}
      data-testid="field"
      data-field={field.key}
      data-low={low ? "true" : "false"}
      onFocus={() => onSelect(field.key)}
    >
      <div className="field-head">
        <span className="field-label">{field.label}</span>
        <span className="confidence" data-testid="field-confidence">
          {Math.round(field.confidence * 100)}%
        </span>
        <span className="muted small" data-testid="field-method">
          {methodText(field.method)}
        </span>
        {low && <span className="badge warn">Check this</span>}
        {field.notOnPage && !field.reviewed && (
          <span className="badge warn" data-testid="not-on-page" title="A language model gave this value, but it was not found in the words of the page">
            Not found on the page
          </span>
        )}
        {field.reviewed && <span className="badge ok">Checked by a person</span>}
        {field.learned && (
          <span
            className="badge ok"
            data-testid="learned"
            title="You corrected this sender's name on an earlier document; it is given to every document from them"
          >
            Remembered from your correction
          </span>
        )}
      </div>
      {editing ? (
        <form onSubmit={onSubmit} className="correct">
          <label htmlFor={inputId}>Correct value of {field.label}</label>
          <input
            id={inputId}
            ref={input}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") cancel();
            }}
          />
          <button type="submit" disabled={busy}>
            Save
          </button>
          <button type="button" className="secondary" onClick={cancel}>
            Cancel
          </button>
        </form>
      ) : (
        <p className="field-value" data-testid="field-value">
          {field.value || <span className="muted">(empty)</span>}
        </p>
      )}
      {onCorrect && !editing && (
        <div className="actions">
          {!field.reviewed && (
            <button type="button" className="secondary" data-action="confirm" disabled={busy} onClick={() => void run(null)}>
              Confirm <span className="visually-hidden">{field.label}</span>
            </button>
          )}
          <button
            type="button"
            className="secondary"
            data-action="edit"
            onClick={() => {
              setDraft(field.value);
              setEditing(true);
            }}
          >
            Correct <span className="visually-hidden">{field.label}</span>
          </button>
          {(field.reviewed || field.learned) && onUndo && (
            <button type="button" className="secondary" data-action="undo" disabled={busy} onClick={() => void run(null, "undo")}>
              Undo <span className="visually-hidden">the last change of {field.label}</span>
            </button>
          )}
          {field.learned && onForget && (
            <button type="button" className="secondary" disabled={busy} onClick={() => void run(null, "forget")}>
              Forget <span className="visually-hidden">the remembered {field.label}</span>
            </button>
          )}
        </div>
      )}
      {field.history && field.history.length > 0 && (
        <details className="history" data-testid="field-history">
          <summary className="small">History ({field.history.length})</summary>
          <ol className="small">
            {field.history.map((change) => (
              <li key={`${change.at}-${change.to}`}>
                <time dateTime={change.at}>{change.at.slice(0, 16).replace("T", " ")}</time> {change.undo ? "Undo: " : ""}
                {CHANGE_WORDS[change.action] ?? change.action}: {change.from || "(empty)"} → {change.to || "(empty)"}
              </li>
            ))}
          </ol>
        </details>
      )}
      <FormError message={error} />
    </li>
  );
}

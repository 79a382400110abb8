"use client";

import { useState, type FormEvent } from "react";
import { FormError } from "./form-error";

/** The document's type, which a person can correct: the fields are then read again for the type chosen. */
export function TypePicker({
  current,
  types,
  onChange,
}: {
  current: string | null;
  types: { name: string; label: string }[];
  onChange: (type: string) => Promise<void>;
}) {
  const [chosen, setChosen] = useState(current ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onChange(chosen);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="type-picker" onSubmit={(event) => void onSubmit(event)} data-testid="type-picker">
      <label htmlFor="document-type">Document type</label>
      <select id="document-type" value={chosen} onChange={(event) => setChosen(event.target.value)}>
        {types.map((t) => (
          <option key={t.name} value={t.name}>
            {t.label}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary" disabled={busy || chosen === current}>
        Read as this type
      </button>
      <FormError message={error} />
    </form>
  );
}

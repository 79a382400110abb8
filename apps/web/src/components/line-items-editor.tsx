"use client";

import { useRef, useState, type FormEvent } from "react";
import { FormError } from "./form-error";

export type TEditableItem = {
  description: string;
  quantity: string | null;
  unitPrice: string | null;
  amount: string | null;
  taxRate?: string | null;
  source?: unknown;
};
export type TSumCheckView = { sum: string | null; matches: "subtotal" | "total" | "net" | null; difference: string | null };

const MATCH_WORDS = { subtotal: "the subtotal", total: "the total", net: "the total less tax" } as const;
const AMOUNT = /^-?\d+(\.\d+)?$/;

/** Says whether the items add up, after every change the server has recorded. */
export function SumCheck({ check }: { check: TSumCheckView }) {
  if (check.sum === null) return null;
  return (
    <p className={`small ${check.matches ? "ok" : "warn"}`} data-testid="sum-check" data-matches={check.matches ?? "none"}>
      {check.matches
        ? `The items add up to ${check.sum}, ${MATCH_WORDS[check.matches]}.`
        : `The items add up to ${check.sum}${check.difference ? `, ${check.difference} short of the total` : ""}: check them.`}
    </p>
  );
}

/**
 * The items of a receipt or invoice as a table a person can edit: change any cell, add an item,
 * remove one; saved together as one correction of the field, after which the sum check runs again.
 */
export function LineItemsEditor({ items, onSave }: { items: TEditableItem[]; onSave: (items: TEditableItem[]) => Promise<void> }) {
  // Each row gets a key of its own, so removing one keeps the others' inputs where they are.
  const nextKey = useRef(items.length);
  const [rows, setRows] = useState<(TEditableItem & { key: number })[]>(() => items.map((item, key) => ({ ...item, key })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (index: number, key: "description" | "quantity" | "unitPrice" | "amount", value: string) =>
    setRows((current) =>
      current.map((row, i) => (i === index ? { ...row, [key]: key === "description" ? value : value.trim() === "" ? null : value.trim() } : row)),
    );
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const bad = rows.findIndex((row) => [row.unitPrice, row.amount].some((v) => v !== null && !AMOUNT.test(v)) || row.description.trim() === "");
    if (bad !== -1) {
      setError(`Item ${bad + 1}: give it a description, and amounts as numbers with a dot ("12.50").`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSave(rows.map(({ key: _key, ...row }) => ({ ...row, description: row.description.trim() })));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void onSubmit(event)} data-testid="line-items-editor" className="line-items">
      <table>
        <caption>Items</caption>
        <thead>
          <tr>
            <th scope="col">Description</th>
            <th scope="col">Qty</th>
            <th scope="col">Unit price</th>
            <th scope="col">Amount</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={row.key} data-testid="line-item">
              <td>
                <input aria-label={`Item ${index + 1} description`} value={row.description} onChange={(e) => set(index, "description", e.target.value)} />
              </td>
              <td>
                <input
                  aria-label={`Item ${index + 1} quantity`}
                  inputMode="decimal"
                  size={4}
                  value={row.quantity ?? ""}
                  onChange={(e) => set(index, "quantity", e.target.value)}
                />
              </td>
              <td>
                <input
                  aria-label={`Item ${index + 1} unit price`}
                  inputMode="decimal"
                  size={7}
                  value={row.unitPrice ?? ""}
                  onChange={(e) => set(index, "unitPrice", e.target.value)}
                />
              </td>
              <td>
                <input
                  aria-label={`Item ${index + 1} amount`}
                  inputMode="decimal"
                  size={7}
                  value={row.amount ?? ""}
                  onChange={(e) => set(index, "amount", e.target.value)}
                />
              </td>
              <td>
                <button type="button" className="secondary" onClick={() => setRows((current) => current.filter((_, i) => i !== index))}>
                  Remove <span className="visually-hidden">item {index + 1}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="secondary"
        onClick={() => setRows((current) => [...current, { description: "", quantity: null, unitPrice: null, amount: null, key: nextKey.current++ }])}
      >
        Add an item
      </button>
      <button type="submit" disabled={busy}>
        Save items
      </button>
      <FormError message={error} />
    </form>
  );
}

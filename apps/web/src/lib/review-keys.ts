/**
 * The review keys: one table, read by the pages that answer the keys and by the help that lists
 * them (`?`), so what the help says is what the keys do. Single letters, as in mail and code review
 * tools, never with Ctrl or Alt (those belong to the browser and the screen reader).
 */
export type TReviewAction =
  "nextField" | "previousField" | "confirm" | "edit" | "undo" | "confirmAllAndNext" | "nextDocument" | "previousDocument" | "type" | "items" | "inbox" | "help";

export type TReviewKey = { keys: string[]; action: TReviewAction; says: string };

/** On a document's page. */
export const RESULT_KEYS: TReviewKey[] = [
  { keys: ["j", "ArrowDown"], action: "nextField", says: "Next field" },
  { keys: ["k", "ArrowUp"], action: "previousField", says: "Previous field" },
  { keys: ["c"], action: "confirm", says: "Confirm the field" },
  { keys: ["e"], action: "edit", says: "Edit the field (Enter saves and goes to the next field to check, Esc cancels)" },
  { keys: ["u"], action: "undo", says: "Undo the field's last change" },
  { keys: ["a"], action: "confirmAllAndNext", says: "Confirm every field still to check, then the next document" },
  { keys: ["n"], action: "nextDocument", says: "Next document to review (skips this one)" },
  { keys: ["p"], action: "previousDocument", says: "Previous document to review" },
  { keys: ["t"], action: "type", says: "Change the document's type" },
  { keys: ["i"], action: "items", says: "Edit the line items" },
  { keys: ["b"], action: "inbox", says: "Back to the review inbox" },
  { keys: ["?"], action: "help", says: "Show or hide these keys" },
];

/** On the review inbox. */
export const INBOX_KEYS: TReviewKey[] = [
  { keys: ["j", "ArrowDown"], action: "nextDocument", says: "Next document" },
  { keys: ["k", "ArrowUp"], action: "previousDocument", says: "Previous document" },
  { keys: ["Enter"], action: "edit", says: "Open the document" },
  { keys: ["?"], action: "help", says: "Show or hide these keys" },
];

/** How a key is written in the help: arrows as arrows. */
export function keyLabel(key: string): string {
  return ({ ArrowDown: "↓", ArrowUp: "↑" } as Record<string, string>)[key] ?? key;
}

type TKeyEvent = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "target" | "defaultPrevented">;

/**
 * The action a key press asks for, or null: none while the person types in a field, a list or a
 * button is focused that answers the key itself (Enter, Space, arrows in a select), or with a
 * modifier held (browser and screen-reader shortcuts stay theirs).
 */
export function reviewAction(event: TKeyEvent, table: TReviewKey[]): TReviewAction | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTypingTarget(event.target)) return null;
  return table.find((entry) => entry.keys.includes(event.key))?.action ?? null;
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== "function") return false;
  const element = target as Element;
  return Boolean(element.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
}

const ORDER_KEY = "dv-review-order";

/** The inbox's documents in the order shown, kept for this tab so next/previous follow it. */
export function keepReviewOrder(documentIds: string[]): void {
  try {
    sessionStorage.setItem(ORDER_KEY, JSON.stringify(documentIds));
  } catch {
    // Storage refused (private mode, full): next and previous then follow the server's queue alone.
  }
}

export function reviewOrder(): string[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(ORDER_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

/**
 * The document after (step 1) or before (step -1) the current one: in the order the inbox showed,
 * then among those still waiting (the server's queue), skipping the current one. Null at either end.
 */
export function neighbourDocument(current: string, step: 1 | -1, shown: string[], waiting: string[]): string | null {
  const order = [...shown, ...waiting.filter((id) => !shown.includes(id))];
  const at = order.indexOf(current);
  if (at === -1) return (step === 1 ? waiting.find((id) => id !== current) : null) ?? null;
  const next = order[at + step];
  return next ?? null;
}

"use client";

import { useEffect, useRef } from "react";
import { reviewAction, type TReviewAction, type TReviewKey } from "./review-keys";

/** Whether a modal dialog (the keys' help) is open, as the page shows it now. */
export const dialogOpen = (): boolean => document.querySelector("dialog[open]") !== null;

/**
 * Answers the page's review keys while it is shown. While a dialog is open only `?` answers (the
 * keys must not act on the page behind it); asked of the page as shown, not of React state, which
 * is a render behind a key pressed right after Esc closed the dialog. The handlers are read at the key press (a ref),
 * so the listener is added once and always sees the page's current state. A handler that returns
 * false leaves the key to the browser (nothing to do here, so Space still scrolls and so on).
 */
export function useReviewKeys(table: TReviewKey[], handlers: Partial<Record<TReviewAction, () => boolean | void>>, enabled = true): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      const action = reviewAction(event, table);
      if (action !== "help" && dialogOpen()) return;
      const handler = action ? current.current[action] : undefined;
      if (!handler) return;
      if (handler() === false) return;
      event.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [table, enabled]);
}

import { REVIEW_THRESHOLD } from "@docvault/core";
import { describe, expect, it } from "vitest";
import { LOW_CONFIDENCE } from "./result-view";
import { INBOX_KEYS, neighbourDocument, RESULT_KEYS, reviewAction } from "./review-keys";

/** A key press as the page's listener gets it, on an element of the given tag. */
function press(key: string, on: string = "BODY", modifiers: Partial<Record<"ctrlKey" | "metaKey" | "altKey", boolean>> = {}) {
  const target = { closest: (selector: string) => (selector.split(", ").some((s) => s.split("[")[0] === on.toLowerCase()) ? {} : null) };
  return { key, ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false, target, ...modifiers } as unknown as KeyboardEvent;
}

describe("review keys", () => {
  it("the page's threshold for 'check this' is the review inbox's, taken from the evaluation", () => {
    expect(LOW_CONFIDENCE).toBe(REVIEW_THRESHOLD);
  });

  it("maps letters and arrows to actions, and every key means one thing on a page", () => {
    expect(reviewAction(press("j"), RESULT_KEYS)).toBe("nextField");
    expect(reviewAction(press("ArrowUp"), RESULT_KEYS)).toBe("previousField");
    expect(reviewAction(press("a"), RESULT_KEYS)).toBe("confirmAllAndNext");
    expect(reviewAction(press("?"), INBOX_KEYS)).toBe("help");
    expect(reviewAction(press("x"), RESULT_KEYS)).toBeNull();
    for (const table of [RESULT_KEYS, INBOX_KEYS]) {
      const keys = table.flatMap((entry) => entry.keys);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it("leaves keys alone while a person types, or holds Ctrl, Alt or Meta", () => {
    expect(reviewAction(press("j", "INPUT"), RESULT_KEYS)).toBeNull();
    expect(reviewAction(press("c", "SELECT"), RESULT_KEYS)).toBeNull();
    expect(reviewAction(press("c", "TEXTAREA"), RESULT_KEYS)).toBeNull();
    expect(reviewAction(press("c", "BODY", { ctrlKey: true }), RESULT_KEYS)).toBeNull();
    expect(reviewAction(press("n", "BODY", { metaKey: true }), RESULT_KEYS)).toBeNull();
    expect(reviewAction(press("n", "BUTTON"), RESULT_KEYS)).toBe("nextDocument");
  });

  it("next and previous follow the inbox's order, then what still waits; null at the ends", () => {
    const shown = ["a", "b", "c"];
    expect(neighbourDocument("a", 1, shown, ["b", "c"])).toBe("b");
    expect(neighbourDocument("c", -1, shown, [])).toBe("b");
    expect(neighbourDocument("a", -1, shown, [])).toBeNull();
    expect(neighbourDocument("c", 1, shown, ["d"])).toBe("d");
    expect(neighbourDocument("c", 1, shown, [])).toBeNull();
    // Opened from elsewhere (not in the inbox's order): next is the first that waits.
    expect(neighbourDocument("z", 1, shown, ["z", "d"])).toBe("d");
    expect(neighbourDocument("z", -1, shown, ["d"])).toBeNull();
  });
});

import type { TPageRange } from "@docvault/core";

export type TParsedRanges = { ok: true; ranges: TPageRange[] } | { ok: false; message: string };

// Longer than any list of ranges a split can take (50 parts of a 1,000-page file): parsing stays bounded.
const MAX_TEXT = 2_000;
// "4-6", "4 - 6", "4–6" (a dash a phone keyboard or a paste gives), or one page "3".
const RANGE = /^(\d{1,6})(?:\s*[-\u2010-\u2015]\s*(\d{1,6}))?$/;
const EXAMPLE = "Write pages as 1-2, 3, 4-6.";

/**
 * Page ranges as a person types them, "1-2, 3, 4-6" (commas or semicolons between them), in the
 * order given; or the sentence saying which part cannot be read. Whether the pages fit the file
 * is the server's to say (core checkPageRanges), with the file's page count at hand.
 */
export function parsePageRanges(text: string): TParsedRanges {
  if (text.length > MAX_TEXT) return { ok: false, message: `That is too long for a list of page ranges. ${EXAMPLE}` };
  const parts = text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return { ok: false, message: "Give at least one page range, such as 1-2." };
  const ranges: TPageRange[] = [];
  for (const part of parts) {
    const match = RANGE.exec(part);
    if (!match?.[1]) return { ok: false, message: `"${part.slice(0, 40)}" is not a page range. ${EXAMPLE}` };
    const from = Number(match[1]);
    ranges.push({ from, to: match[2] ? Number(match[2]) : from });
  }
  return { ok: true, ranges };
}

import type { TTextLine } from "../src/documents/text-lines";

/** Text lines as a structurer sees them, from their texts alone (no boxes): for rule tests. */
export const textLines = (...texts: string[]): TTextLine[] => texts.map((text) => ({ text, page: 0, bbox: null, pageWidth: 0, pageHeight: 0, words: [] }));

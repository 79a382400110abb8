import type { TDocumentType } from "./schemas";
import { boundLines } from "./text-lines";
import { DOCUMENT_TYPE_DEFINITIONS } from "./types/registry";

export type TClassification = { type: TDocumentType; confidence: number };

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

/**
 * The document type from its text. Identity documents are recognised by their machine-readable
 * parts (an MRZ here; AAMVA barcodes by the pipeline before text is read); the others by the cues
 * each registered type gives, the highest sum winning (ties to the type registered first).
 */
export function classifyText(input: string): TClassification {
  const lines = boundLines(input);
  const text = lines.join("\n");
  const mrzLines = lines.map((l) => l.replace(/\s/g, "")).filter((l) => /^[A-Z0-9<]{28,46}$/.test(l) && count(l, /</g) >= 3);
  if (mrzLines.length >= 2) {
    const first = mrzLines[0] ?? "";
    return { type: first.startsWith("P") || first.startsWith("V") ? "passport" : "id_card", confidence: 0.9 };
  }
  let best: { type: TDocumentType; score: number } | null = null;
  let second = 0;
  for (const definition of DOCUMENT_TYPE_DEFINITIONS) {
    const score = definition.cues.reduce((sum, cue) => sum + cue.weight * count(text, cue.pattern), 0);
    if (score > (best?.score ?? 0)) {
      second = best?.score ?? 0;
      best = { type: definition.name, score };
    } else if (score > second) second = score;
  }
  if (!best) return { type: "other", confidence: 0.5 };
  const margin = (best.score - second) / best.score;
  return { type: best.type, confidence: Math.round((0.5 + 0.45 * margin) * 100) / 100 };
}

import type { TTextLine } from "../../text-lines";
import { RECEIPT_CALIBRATION } from "./receipt-calibration";

export type TReceiptField = "merchant" | "address" | "date" | "total";
/** Confidence = logistic(slope x evidence score + ocr x how sure OCR was of the lines + offset). */
export type TMapping = { slope: number; ocr: number; offset: number };

const MAPPING: Record<TReceiptField, TMapping> = RECEIPT_CALIBRATION;

/** How sure OCR was of some lines: the mean confidence of their words, weighted by length (1 for a text layer's). */
export function ocrCertainty(lines: TTextLine[]): number {
  let weight = 0;
  let sum = 0;
  for (const line of lines) {
    for (const word of line.words) {
      weight += word.text.length;
      sum += word.confidence * word.text.length;
    }
  }
  return weight > 0 ? sum / weight : 1;
}

/** From evidence to a confidence, with a mapping fitted per field on the public corpus. */
export function toConfidence(mapping: TMapping, score: number, ocr: number): number {
  const p = 1 / (1 + Math.exp(-(mapping.slope * score + mapping.ocr * ocr + mapping.offset)));
  return Math.round(Math.min(0.995, Math.max(0.005, p)) * 1000) / 1000;
}

/** A receipt field's confidence from its evidence score and the OCR certainty of the lines it was read from. */
export const receiptConfidence = (field: TReceiptField, score: number, lines: TTextLine[]): number => toConfidence(MAPPING[field], score, ocrCertainty(lines));

import { RECEIPT_CALIBRATION } from "./receipt-calibration";

export type TReceiptField = "merchant" | "address" | "date" | "total";
export type TMapping = { slope: number; offset: number };

const MAPPING: Record<TReceiptField, TMapping> = RECEIPT_CALIBRATION;

/** From an evidence score to a confidence: a logistic curve fitted per field on the public corpus. */
export function toConfidence(mapping: TMapping, score: number): number {
  const p = 1 / (1 + Math.exp(-(mapping.slope * score + mapping.offset)));
  return Math.round(Math.min(0.995, Math.max(0.005, p)) * 1000) / 1000;
}

/** A receipt field's confidence from its evidence score. */
export const receiptConfidence = (field: TReceiptField, score: number): number => toConfidence(MAPPING[field], score);

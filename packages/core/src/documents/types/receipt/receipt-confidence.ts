type TReceiptField = "merchant" | "address" | "date" | "total";

// Placeholder mapping until calibrated by pnpm eval: slope and offset per field.
const MAPPING: Record<TReceiptField, { slope: number; offset: number }> = {
  merchant: { slope: 0.6, offset: -1 },
  address: { slope: 0.5, offset: 0 },
  date: { slope: 0.8, offset: 0.5 },
  total: { slope: 0.6, offset: -1 },
};

/** From a field's evidence score to a confidence. */
export function receiptConfidence(field: TReceiptField, score: number): number {
  const { slope, offset } = MAPPING[field];
  return Math.round((1 / (1 + Math.exp(-(slope * score + offset)))) * 100) / 100;
}

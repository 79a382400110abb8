// Written by `pnpm eval:fit-confidence --corpus <dir>` on the public corpus (131 receipts): per field, the
// logistic mapping from evidence score and OCR certainty to confidence.
export const RECEIPT_CALIBRATION = {
  merchant: { slope: 0.324, ocr: 5.503, offset: -4.567 },
  address: { slope: 0.16, ocr: 5.116, offset: -4.632 },
  date: { slope: 1.215, ocr: 1.024, offset: 1.511 },
  total: { slope: 0.411, ocr: -0.077, offset: 1.081 },
};

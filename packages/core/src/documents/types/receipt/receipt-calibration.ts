// Written by `pnpm eval:fit-confidence --corpus <dir>` on the public corpus (131 receipts): per field, the
// logistic mapping from evidence score and OCR certainty to confidence.
export const RECEIPT_CALIBRATION = {
  merchant: { slope: 0.324, ocr: 5.503, offset: -4.567 },
  address: { slope: 0.157, ocr: 4.668, offset: -4.562 },
  date: { slope: 1.215, ocr: 1.024, offset: 1.511 },
  total: { slope: 0.519, ocr: -0.446, offset: 0.709 },
};

// Written by `pnpm eval:fit-confidence --corpus <dir>` on the public corpus (131 receipts): per field, the
// logistic mapping from evidence score and OCR certainty to confidence.
export const RECEIPT_CALIBRATION = {
  merchant: { slope: 0.45, ocr: 4.014, offset: -3.713 },
  address: { slope: 0.108, ocr: 4.387, offset: -4.317 },
  date: { slope: 1.215, ocr: 1.024, offset: 1.511 },
  total: { slope: 0.628, ocr: -1.135, offset: 0.53 },
};

// Written by `pnpm eval:fit-confidence --corpus <dir>` on the public corpus (131 receipts): per field, the
// logistic mapping from evidence score and OCR certainty to confidence. The date's and the total's lines are
// an earlier fit: the last date fit read worse in `pnpm eval` (ECE .016 against .011), and the last total
// fit put a total chosen only for being the largest amount (no label) at 0.83, past the review threshold,
// where such a guess belongs under it (0.73) and goes to review or the language model.
export const RECEIPT_CALIBRATION = {
  merchant: { slope: 0.257, ocr: 5.773, offset: -4.105 },
  address: { slope: 0.043, ocr: 6.073, offset: -4.699 },
  date: { slope: 1.215, ocr: 1.024, offset: 1.511 },
  total: { slope: 0.495, ocr: -0.149, offset: 0.577 },
};

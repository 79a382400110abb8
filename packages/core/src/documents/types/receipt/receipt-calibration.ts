// Written by `pnpm eval:fit-confidence <report.json>` from a `pnpm eval --json` report on the
// public corpus: per field, the logistic mapping from evidence score to confidence.
export const RECEIPT_CALIBRATION = {
  merchant: { slope: 0.6, offset: -1 },
  address: { slope: 0.5, offset: 0 },
  date: { slope: 0.8, offset: 0.5 },
  total: { slope: 0.6, offset: -1 },
};

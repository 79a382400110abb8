/** One scored field of one item: right or not, and the confidence the engine gave it (null: not read). */
export type TFieldResult = { ok: boolean; confidence: number | null };

export type TEvalItem = {
  category: string;
  file: string;
  fields: Record<string, TFieldResult>;
  cer?: number;
  /** Line items against labels, where the item has them. */
  lineItems?: { predicted: number; labelled: number; matched: number };
  pages: number;
  seconds: number;
  engines: string[];
  detail?: Record<string, unknown>;
};

export type TFieldReport = {
  /** Share of items with the field right. */
  accuracy: number;
  /** Share of items where the engine gave the field a value. */
  coverage: number;
  /** Expected calibration error over 10 confidence bins (fields with a value). */
  ece: number;
  /** Fields read with confidence >= 0.9: how many, and the share right. */
  highConfidence: { count: number; accuracy: number };
};

export type TCategoryReport = {
  items: number;
  /** Accuracy per field (what eval-floor.json keeps a floor for). */
  fields: Record<string, number>;
  detail: Record<string, TFieldReport>;
  cer?: number;
  lineItems?: { precision: number; recall: number; labelled: number };
  secondsPerPage: number;
};

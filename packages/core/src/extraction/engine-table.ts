import type { TSupportedType } from "../validation/detect-type";
import { MISTRAL_OCR_USD_PER_1000_PAGES } from "./mistral-price";

/** What routing may hand an engine, cheapest first: the order of the pipeline in ARCHITECTURE.md. */
export type TEngineUse =
  /** Always tried first where it can read: it costs nothing and is exact. */
  | "first"
  /** Tried on photos for an identity document's machine-readable part, which short-cuts OCR. */
  | "identity"
  /** Local OCR: the primary engine reads, the other gives a second opinion on unsure fields. */
  | "ocr"
  /** Paid: only when a key is set and the local reading misses or doubts a required field. */
  | "escalation";

export type TEngineInfo = {
  /** As the result page and the dashboard name it. */
  label: string;
  /** What it reads: images (photos, scans) and/or PDFs. */
  reads: readonly ("image" | "pdf")[];
  use: TEngineUse;
  /** Runs on this server: nothing leaves it. */
  local: boolean;
  /** What a page costs, in USD per 1,000 pages (0 for local engines). */
  usdPer1000Pages: number;
};

/**
 * Every engine docvault can run, in one table: the names stored with each extraction, what each
 * reads, what it costs and when routing may use it. A new engine is one line here and a `TEngine`
 * (packages/core/src/node/engines) that reads what its line says.
 */
export const ENGINE_TABLE = {
  "pdf-text": { label: "PDF text layer", reads: ["pdf"], use: "first", local: true, usdPer1000Pages: 0 },
  // The XML a hybrid e-invoice PDF carries (ZUGFeRD, Factur-X): the invoice's own values, exact.
  "e-invoice": { label: "Embedded e-invoice (ZUGFeRD, Factur-X)", reads: ["pdf"], use: "first", local: true, usdPer1000Pages: 0 },
  pdf417: { label: "PDF417 barcode (AAMVA)", reads: ["image"], use: "identity", local: true, usdPer1000Pages: 0 },
  mrz: { label: "Machine-readable zone", reads: ["image"], use: "identity", local: true, usdPer1000Pages: 0 },
  paddle: { label: "PP-OCR", reads: ["image", "pdf"], use: "ocr", local: true, usdPer1000Pages: 0 },
  tesseract: { label: "Tesseract", reads: ["image", "pdf"], use: "ocr", local: true, usdPer1000Pages: 0 },
  mistral: { label: "Mistral OCR", reads: ["image", "pdf"], use: "escalation", local: false, usdPer1000Pages: MISTRAL_OCR_USD_PER_1000_PAGES },
  // Reads no file: it structures the local engines' text, on the OpenAI-compatible server LLM_BASE_URL names.
  llm: { label: "Language model (LLM_BASE_URL)", reads: [], use: "escalation", local: false, usdPer1000Pages: 0 },
} as const satisfies Record<string, TEngineInfo>;

export type TEngineName = keyof typeof ENGINE_TABLE;
export const ENGINE_NAMES = Object.keys(ENGINE_TABLE) as [TEngineName, ...TEngineName[]];

/** Whether an engine's table line says it reads this file type. */
export const engineReads = (engine: TEngineName, type: TSupportedType): boolean =>
  (ENGINE_TABLE[engine].reads as readonly string[]).includes(type === "application/pdf" ? "pdf" : "image");

import { AppError } from "../../errors/app-error";
import type { TEngine } from "./engine";
import { configurePaddle, paddleEngine, stopPaddle } from "./paddle-engine";
import { configureTesseract, stopTesseract, tesseractEngine } from "./tesseract-engine";
import { tesseractLanguages } from "./ocr/tesseract-languages";

export { OCR_LANGUAGE_NAMES, type TOcrLanguage } from "./ocr/tesseract-languages";

export const LOCAL_OCR_ENGINES = ["paddle", "tesseract"] as const;
export type TLocalOcrEngine = (typeof LOCAL_OCR_ENGINES)[number];

export type TLocalOcrOptions = {
  /** The engine that reads photos and image scans first; the other is the fallback. */
  engine?: TLocalOcrEngine;
  /** The engine that reads the scanned pages of PDFs first. */
  pdfEngine?: TLocalOcrEngine;
  /** Threads (PP-OCR) or workers (tesseract) per process; defaults to the cores, at most 4. */
  threads?: number;
  /** Languages to read, as tesseract names them ("eng", "fra", "deu", ...). */
  languages?: readonly string[];
  startTimeoutMs?: number;
};

// Measured on the public corpus (see the README): PP-OCR reads receipt photos far better
// (company .63 -> .81, total .76 -> .93), tesseract's own page layout reads scanned pages of prose
// better (CER 1.0% against 2.3-11%).
const DEFAULTS = { image: "paddle", pdf: "tesseract" } as const satisfies Record<string, TLocalOcrEngine>;
let primary: Record<"image" | "pdf", TLocalOcrEngine> = { ...DEFAULTS };

/** Chooses and sizes the local OCR engines; applies from their next start. */
export function configureLocalOcr(options: TLocalOcrOptions): void {
  primary = { image: options.engine ?? DEFAULTS.image, pdf: options.pdfEngine ?? DEFAULTS.pdf };
  configurePaddle({ threads: options.threads, startTimeoutMs: options.startTimeoutMs, reader: { languages: options.languages ?? ["eng"] } });
  configureTesseract({ workers: options.threads, startTimeoutMs: options.startTimeoutMs, languages: tesseractLanguages(options.languages ?? ["eng"]) });
}

const ENGINES: Record<TLocalOcrEngine, TEngine> = { paddle: paddleEngine, tesseract: tesseractEngine };

/** The primary local OCR engine for photos and image scans (`image`) or for PDFs' scanned pages (`pdf`), then the other. */
export function localOcrEngines(kind: "image" | "pdf"): [TEngine, TEngine] {
  return primary[kind] === "paddle" ? [paddleEngine, tesseractEngine] : [tesseractEngine, paddleEngine];
}

export const localOcrEngine = (name: TLocalOcrEngine): TEngine => ENGINES[name];

/** Whether an engine failure means the engine, not the input, is at fault (so another engine may try). */
export const isEngineFault = (error: unknown): boolean => error instanceof AppError && (error.code === "ENGINE_FAILED" || error.code === "ENGINE_TIMEOUT");

/** Stops every local OCR thread so the process can exit. */
export async function stopLocalOcr(): Promise<void> {
  await Promise.all([stopPaddle(), stopTesseract()]);
}

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createWorker, PSM, type Page, type Worker } from "tesseract.js";
import { AppError } from "../../../errors/app-error";

const require = createRequire(import.meta.url);
// The English model ships in an npm package; without langPath tesseract.js fetches it from a CDN.
const LANG_PATH = join(dirname(require.resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
const START_TIMEOUT_MS = 30_000;
const MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

let workerPromise: Promise<Worker> | undefined;
// setParameters and recognize are two messages: calls are chained so one read's page-segmentation mode is not
// swapped under another's.
let queue: Promise<unknown> = Promise.resolve();

async function startWorker(): Promise<Worker> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError("ENGINE_TIMEOUT", `MRZ OCR did not start within ${START_TIMEOUT_MS / 1000} s.`)), START_TIMEOUT_MS);
  });
  try {
    // Dictionaries would "correct" MRZ strings towards English words; they can only be switched off at start-up.
    const worker = createWorker(
      "eng",
      1,
      { langPath: LANG_PATH, cacheMethod: "none", gzip: true },
      {
        load_system_dawg: "0",
        load_freq_dawg: "0",
      },
    );
    const started = await Promise.race([worker, timeout]);
    await started.setParameters({ tessedit_char_whitelist: MRZ_ALPHABET });
    return started;
  } finally {
    clearTimeout(timer);
  }
}

function getWorker(): Promise<Worker> {
  workerPromise ??= startWorker().catch((error: unknown) => {
    workerPromise = undefined;
    throw error;
  });
  return workerPromise;
}

const MODES = { line: PSM.SINGLE_LINE, block: PSM.SINGLE_BLOCK, auto: PSM.AUTO, char: PSM.SINGLE_CHAR } as const;

/**
 * OCR restricted to the MRZ alphabet: `line` reads the image as one text line (a cropped MRZ line), `block` as one
 * uniform block (a cropped band), `auto` lets tesseract find the text.
 */
export function recogniseMrzText(png: Uint8Array, mode: keyof typeof MODES): Promise<Page> {
  const run = queue.then(async () => {
    const worker = await getWorker();
    await worker.setParameters({ tessedit_pageseg_mode: MODES[mode] });
    const { data } = await worker.recognize(Buffer.from(png), {}, { text: true, blocks: true });
    return data;
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Stops the MRZ tesseract worker thread so the process can exit. */
export async function stopMrzTesseract(): Promise<void> {
  const pending = workerPromise;
  workerPromise = undefined;
  if (pending) await (await pending).terminate();
}

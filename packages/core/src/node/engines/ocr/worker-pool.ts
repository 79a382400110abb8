import { availableParallelism } from "node:os";
import { createScheduler, createWorker, PSM, type RecognizeOptions, type RecognizeResult, type Scheduler, type Worker } from "tesseract.js";
import { AppError } from "../../../errors/app-error";
import { languagePath } from "./tesseract-languages";

// Each worker holds 150-250 MB; beyond a few the cores, not the workers, are the limit.
const MAX_WORKERS = 4;

export type TOcrPoolOptions = {
  /** Worker threads; defaults to the available cores, at most 4. */
  workers?: number;
  /** How long start-up may take before the pool gives up with ENGINE_TIMEOUT. */
  startTimeoutMs?: number;
  /** Languages to read (tesseract names); English by default. */
  languages?: readonly string[];
};

export type TRecognizeOptions = {
  /** Straighten slightly skewed text first. */
  rotateAuto?: boolean;
  /** "auto" finds columns and blocks (pages); "single-block" reads one column of lines (receipts). */
  layout?: "auto" | "single-block";
};
export type TRecognizeData = RecognizeResult["data"];

/** A fixed set of tesseract.js workers behind one queue: pages of one document run side by side. */
export type TOcrPool = {
  size: number;
  recognize(image: Buffer, options?: TRecognizeOptions): Promise<TRecognizeData>;
  stop(): Promise<void>;
};

export function defaultPoolSize(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_WORKERS));
}

async function startOneWorker(languages: readonly string[]): Promise<Worker> {
  // The models ship in npm packages; without langPath tesseract.js fetches them from a CDN.
  const worker = await createWorker(languages.join("+"), 1, { langPath: languagePath(languages), cacheMethod: "none", gzip: true });
  // tesseract.js defaults to one uniform block (PSM 6), which runs the lines of side-by-side
  // columns together; automatic segmentation keeps columns and blocks in reading order.
  await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
  return worker;
}

/** Starts the workers in parallel; fails (and stops what did start) when start-up exceeds the timeout. */
export async function startOcrPool(options: TOcrPoolOptions = {}): Promise<TOcrPool> {
  const size = Math.max(1, Math.floor(options.workers ?? defaultPoolSize()));
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const languages = options.languages?.length ? options.languages : ["eng"];
  const starting = Array.from({ length: size }, () => startOneWorker(languages));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError("ENGINE_TIMEOUT", `Local OCR did not start within ${startTimeoutMs / 1000} s.`)), startTimeoutMs);
  });
  let workers: Worker[];
  try {
    workers = await Promise.race([Promise.all(starting), timeout]);
  } catch (error) {
    // Workers that start after the deadline (or beside one that failed) must not keep the process alive.
    for (const pending of starting) void pending.then((worker) => worker.terminate()).catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const scheduler: Scheduler = createScheduler();
  for (const worker of workers) scheduler.addWorker(worker);
  return {
    size,
    async recognize(image, { rotateAuto = false, layout = "auto" } = {}) {
      // tesseract.js passes options it does not know to tesseract as parameters for this job only.
      const options: Partial<RecognizeOptions> & { tessedit_pageseg_mode: PSM } = {
        rotateAuto,
        tessedit_pageseg_mode: layout === "auto" ? PSM.AUTO : PSM.SINGLE_BLOCK,
      };
      try {
        const { data } = await scheduler.addJob("recognize", image, options, { text: true, blocks: true });
        return data;
      } catch (error) {
        // tesseract.js rejects with a bare string when the engine fails on an input.
        if (error instanceof AppError) throw error;
        throw new AppError("ENGINE_FAILED", "Local OCR failed on this image.", { cause: error });
      }
    },
    async stop() {
      // Scheduler.terminate() does not wait for its workers; terminate them one by one instead.
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

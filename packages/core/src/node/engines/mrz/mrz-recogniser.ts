import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { recognisedCell, type TMrzCell } from "../../../documents/mrz/mrz-reading";
import { AppError } from "../../../errors/app-error";
import type { TDecodedChar } from "../paddle/ctc-decode";
import type { TLineImage, TRecogniserReply, TRecogniserRequest } from "./mrz-recogniser-thread";

export type { TLineImage } from "./mrz-recogniser-thread";

/** One line as PP-OCR's recogniser read it: its text, each character's options, and where along the line (0-1) it sits. */
export type TRecognisedLine = { text: string; cells: TMrzCell[]; at: number[]; confidence: number };

/** The recogniser's input height (PP-OCRv4). */
export const RECOGNISER_HEIGHT = 48;
/** Wider input is refused: the recogniser's attention span, and the memory of one run. */
export const RECOGNISER_MAX_WIDTH = 2400;
const START_TIMEOUT_MS = 60_000;
const READ_TIMEOUT_MS = 60_000;

// The same plain-JavaScript entry the PP-OCR pool uses: it registers tsx in the thread, then runs the module.
const BOOT = new URL("../paddle/paddle-thread-boot.mjs", import.meta.url);
const ENTRY = fileURLToPath(new URL("./mrz-recogniser-thread.ts", import.meta.url));

type TPending = { resolve: (lines: TDecodedChar[][]) => void; reject: (error: unknown) => void; timer: NodeJS.Timeout };
type TThread = { worker: Worker; pending: Map<number, TPending> };

let threadPromise: Promise<TThread> | undefined;
let nextId = 1;

function startThread(): Promise<TThread> {
  const worker = new Worker(BOOT, { workerData: { entry: ENTRY } });
  const thread: TThread = { worker, pending: new Map() };
  const fail = (error: AppError) => {
    for (const job of thread.pending.values()) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    thread.pending.clear();
  };
  worker.on("message", (reply: TRecogniserReply) => {
    const job = thread.pending.get(reply.id);
    if (!job) return;
    thread.pending.delete(reply.id);
    clearTimeout(job.timer);
    if (reply.lines) job.resolve(reply.lines);
    else job.reject(new AppError("ENGINE_FAILED", "The MRZ recogniser (PP-OCR) failed on this image.", { cause: new Error(reply.error) }));
  });
  worker.on("error", (error) => fail(new AppError("ENGINE_FAILED", "The MRZ recogniser (PP-OCR) failed.", { cause: error })));
  worker.once("exit", (code) => {
    // A thread that died (out of memory, a crash in the runtime) is started afresh on the next read.
    if (threadPromise && thread.worker === worker) threadPromise = undefined;
    fail(new AppError("ENGINE_FAILED", `The MRZ recogniser (PP-OCR) stopped (exit ${code}).`));
  });
  return new Promise<TThread>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new AppError("ENGINE_TIMEOUT", `The MRZ recogniser (PP-OCR) did not start within ${START_TIMEOUT_MS / 1000} s.`));
    }, START_TIMEOUT_MS);
    const onMessage = (message: { ready?: boolean; failed?: string }) => {
      if (!message.ready && !message.failed) return;
      clearTimeout(timer);
      worker.off("message", onMessage);
      if (message.ready) resolve(thread);
      else {
        void worker.terminate();
        reject(new AppError("ENGINE_FAILED", `The MRZ recogniser (PP-OCR) could not load its model: ${message.failed}`));
      }
    };
    worker.on("message", onMessage);
    worker.once("error", (error) => {
      clearTimeout(timer);
      reject(new AppError("ENGINE_FAILED", "The MRZ recogniser (PP-OCR) failed to start.", { cause: error }));
    });
  });
}

function getThread(): Promise<TThread> {
  threadPromise ??= startThread().catch((error: unknown) => {
    threadPromise = undefined;
    throw error;
  });
  return threadPromise;
}

function toLine(decoded: TDecodedChar[], width: number): TRecognisedLine {
  const cells = decoded.map((d) => recognisedCell([{ char: d.char, p: d.confidence }, ...d.alternatives]));
  const text = cells.map((cell) => cell[0]?.char ?? "<").join("");
  // The recogniser emits one frame per 8 input columns.
  const at = decoded.map((d) => Math.min(1, ((d.frame + 0.5) * 8) / Math.max(1, width)));
  const confidence = decoded.length ? decoded.reduce((sum, d) => sum + d.confidence, 0) / decoded.length : 0;
  return { text, cells, at, confidence };
}

/**
 * Reads cropped MRZ lines (RGB, RECOGNISER_HEIGHT px high) with PP-OCR's recogniser, restricted to the MRZ
 * alphabet; each character comes with its runners-up, for the check digits to choose among.
 */
export async function recogniseMrzLines(lines: readonly TLineImage[]): Promise<TRecognisedLine[]> {
  const usable = lines.filter((line) => line.height === RECOGNISER_HEIGHT && line.width >= 8 && line.width <= RECOGNISER_MAX_WIDTH);
  if (usable.length !== lines.length) throw new AppError("BAD_REQUEST", "MRZ line images must be 48 px high and at most 2400 px wide.");
  if (lines.length === 0) return [];
  const thread = await getThread();
  const id = nextId++;
  const decoded = await new Promise<TDecodedChar[][]>((resolve, reject) => {
    const timer = setTimeout(() => {
      thread.pending.delete(id);
      reject(new AppError("ENGINE_TIMEOUT", "The MRZ recogniser (PP-OCR) did not answer in time."));
    }, READ_TIMEOUT_MS);
    thread.pending.set(id, { resolve, reject, timer });
    thread.worker.postMessage({ id, lines: [...lines] } satisfies TRecogniserRequest);
  });
  return decoded.map((chars, i) => toLine(chars, lines[i]?.width ?? 1));
}

/** Stops the recogniser's thread so the process can exit. */
export async function stopMrzRecogniser(): Promise<void> {
  const pending = threadPromise;
  threadPromise = undefined;
  if (!pending) return;
  const thread = await pending.catch(() => undefined);
  await thread?.worker.terminate();
}

import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError } from "../../../errors/app-error";
import type { TPaddleOptions, TReadImage } from "./paddle-reader";
import type { TThreadReply } from "./paddle-thread";

// Each thread holds its own models (about 150 MB); past the cores more threads only wait.
const MAX_THREADS = 4;

export type TPaddlePoolOptions = {
  /** Reader threads; defaults to the available cores, at most 4. */
  threads?: number;
  /** How long start-up may take before the pool gives up with ENGINE_TIMEOUT. */
  startTimeoutMs?: number;
  reader?: Partial<TPaddleOptions>;
};

export type TPaddlePool = { size: number; read(image: Uint8Array): Promise<TReadImage>; stop(): Promise<void> };

type TJob = { id: number; bytes: Uint8Array; resolve: (read: TReadImage) => void; reject: (error: unknown) => void };
type TThread = { worker: Worker; job?: TJob };

export const defaultPaddleThreads = () => Math.max(1, Math.min(availableParallelism(), MAX_THREADS));

const BOOT = new URL("./paddle-thread-boot.mjs", import.meta.url);
const ENTRY = fileURLToPath(new URL("./paddle-thread.ts", import.meta.url));

function startThread(options: Partial<TPaddleOptions>): { worker: Worker; ready: Promise<void> } {
  const worker = new Worker(BOOT, { workerData: { entry: ENTRY, options } });
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (message: { ready?: boolean; failed?: string }) => {
      if (message.ready) resolve();
      else if (message.failed) reject(new AppError("ENGINE_FAILED", `Local OCR (PP-OCR) could not load its models: ${message.failed}`));
      worker.off("message", onMessage);
    };
    worker.on("message", onMessage);
    worker.once("error", (error) => reject(new AppError("ENGINE_FAILED", "Local OCR (PP-OCR) failed to start.", { cause: error })));
  });
  return { worker, ready };
}

/** Starts the reader threads in parallel; fails (and stops what did start) past the timeout. */
export async function startPaddlePool(options: TPaddlePoolOptions = {}): Promise<TPaddlePool> {
  const size = Math.max(1, Math.floor(options.threads ?? defaultPaddleThreads()));
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const reader = options.reader ?? {};
  const starting = Array.from({ length: size }, () => startThread(reader));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError("ENGINE_TIMEOUT", `Local OCR (PP-OCR) did not start within ${startTimeoutMs / 1000} s.`)), startTimeoutMs);
  });
  try {
    await Promise.race([Promise.all(starting.map((s) => s.ready)), timeout]);
  } catch (error) {
    await Promise.all(starting.map((s) => s.worker.terminate()));
    throw error;
  } finally {
    clearTimeout(timer);
  }

  const threads: TThread[] = starting.map((s) => ({ worker: s.worker }));
  const waiting: TJob[] = [];
  let nextId = 1;
  let stopped = false;

  const dispatch = () => {
    for (const thread of threads) {
      if (thread.job || waiting.length === 0) continue;
      const job = waiting.shift() as TJob;
      thread.job = job;
      thread.worker.postMessage({ id: job.id, bytes: job.bytes });
    }
  };
  const attach = (thread: TThread) => {
    thread.worker.on("message", (reply: TThreadReply) => {
      const job = thread.job;
      if (!job || reply.id !== job.id) return;
      thread.job = undefined;
      if (reply.read) job.resolve(reply.read);
      else job.reject(new AppError("ENGINE_FAILED", "Local OCR (PP-OCR) failed on this image.", { cause: new Error(reply.error) }));
      dispatch();
    });
    // A thread that dies (out of memory, a crash in the runtime) fails its page and is replaced.
    thread.worker.once("exit", (code) => {
      const job = thread.job;
      thread.job = undefined;
      job?.reject(new AppError("ENGINE_FAILED", `Local OCR (PP-OCR) stopped while reading this image (exit ${code}).`));
      if (stopped) return;
      const replacement = startThread(reader);
      thread.worker = replacement.worker;
      attach(thread);
      replacement.ready.then(dispatch, () => undefined);
    });
  };
  threads.forEach(attach);

  return {
    size,
    read(bytes) {
      if (stopped) return Promise.reject(new AppError("ENGINE_FAILED", "Local OCR (PP-OCR) has been stopped."));
      return new Promise<TReadImage>((resolve, reject) => {
        waiting.push({ id: nextId++, bytes, resolve, reject });
        dispatch();
      });
    },
    async stop() {
      stopped = true;
      for (const job of waiting.splice(0)) job.reject(new AppError("ENGINE_FAILED", "Local OCR (PP-OCR) has been stopped."));
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}

import { AppError } from "../errors/app-error";

/**
 * OpenCV.js 4.12 (`@techstark/opencv-js` 4.12.0-release.1): one 10,872,779-byte file (3.5 MB
 * gzipped) with its WebAssembly inside as base64, so it loads offline in Node and in a browser's
 * Web Worker alike; nothing is fetched from elsewhere. It is imported here only, on the first call,
 * so a page or worker pays for it when a photo is flattened and never before.
 */
export type TOpenCv = typeof import("@techstark/opencv-js");

/** Compiling the WebAssembly takes about 1 s on a laptop and a few on a slow phone; far longer means it will not come. */
const START_TIMEOUT_MS = 60_000;

let loading: Promise<TOpenCv> | undefined;

type TEmscriptenModule = TOpenCv & { calledRun?: boolean; onRuntimeInitialized?: () => void; then?: unknown };

/** OpenCV.js, loaded once (later calls share the first load); an ENGINE_FAILED error when it cannot start. */
export function loadOpenCv(): Promise<TOpenCv> {
  loading ??= startOpenCv().catch((error: unknown) => {
    // A failed start is not kept: the next photo tries again.
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * The module object in a box, never as a promise's value itself (see opencv-module.ts). In Node it is required
 * (through process.getBuiltinModule, so no bundler sees a Node import): a test runner's import()
 * of a CommonJS package can hand back a namespace that shows the module's `then` (vitest's does).
 */
async function importOpenCv(): Promise<{ cv: TOpenCv }> {
  if (typeof process === "object" && typeof process.getBuiltinModule === "function") {
    const { createRequire } = process.getBuiltinModule("module");
    // Emscripten, loaded in Node, makes any unhandled rejection in the process abort it, and
    // rethrows uncaught exceptions from its own (10 MB, one-line) source: its handlers go again.
    const uncaught = process.listeners("uncaughtException");
    const unhandled = process.listeners("unhandledRejection");
    const cv = createRequire(import.meta.url)("@techstark/opencv-js") as TOpenCv;
    for (const listener of process.listeners("uncaughtException")) if (!uncaught.includes(listener)) process.off("uncaughtException", listener);
    for (const listener of process.listeners("unhandledRejection")) if (!unhandled.includes(listener)) process.off("unhandledRejection", listener);
    return { cv };
  }
  return (await import("./opencv-module")).openCv;
}

async function startOpenCv(): Promise<TOpenCv> {
  const cv = (await importOpenCv()).cv as TEmscriptenModule;
  if (!cv.calledRun) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        const before = cv.onRuntimeInitialized;
        cv.onRuntimeInitialized = () => {
          before?.();
          resolve();
        };
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError("ENGINE_FAILED", `OpenCV.js did not start within ${START_TIMEOUT_MS / 1000} s.`)), START_TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
  }
  // Emscripten's `then` hands back the module itself: any promise resolved with it would follow it
  // for ever (see opencv-module.ts). It is not needed once the runtime has started.
  delete cv.then;
  return cv;
}

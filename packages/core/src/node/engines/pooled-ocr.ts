// What the two local OCR engines (PP-OCR, tesseract.js) share: a pool of threads started on first
// use and stopped on shutdown, and a PDF read page by page while earlier pages are in the pool.
import { AppError } from "../../errors/app-error";
import type { TEngineName, TPage } from "../../extraction/extraction-result";
import type { TEngine, TEngineInput } from "./engine";
import { renderPdfPages, type TRenderedPage } from "./render-pdf";

type TPool = { size: number; stop(): Promise<void> };

export type TLazyPool<TOptions, T extends TPool> = {
  /** Sets the options of the next start (a running pool keeps its own). */
  configure(options: TOptions): void;
  /** The running pool, started now if there is none; a failed start is forgotten so the next call tries again. */
  get(): Promise<T>;
  /** Stops the threads so the process can exit. */
  stop(): Promise<void>;
};

export function lazyPool<TOptions extends object, T extends TPool>(start: (options: TOptions) => Promise<T>, initial: TOptions): TLazyPool<TOptions, T> {
  let options = initial;
  let running: Promise<T> | undefined;
  return {
    configure(next) {
      options = { ...next };
    },
    get() {
      running ??= start(options).catch((error: unknown) => {
        running = undefined;
        throw error;
      });
      return running;
    },
    async stop() {
      const pending = running;
      running = undefined;
      if (pending) await (await pending).stop();
    },
  };
}

/**
 * A local OCR engine: an image is read directly by `readImage`; a PDF page by page, each rendered at
 * `dpi` and read by `readImage` in the frame it was rendered in.
 */
export function pooledOcrEngine(opts: {
  name: TEngineName;
  dpi: number;
  pool: { get(): Promise<TPool> };
  readImage: (image: Uint8Array, index: number, frame?: TRenderedPage) => Promise<TPage>;
}): TEngine {
  return {
    name: opts.name,
    canRead: () => true,
    async read(input) {
      if (input.type !== "application/pdf") return { engine: opts.name, pages: [await opts.readImage(input.bytes, 0)] };
      const pool = await opts.pool.get();
      const pages = await readPdfPages(input, { dpi: opts.dpi, pool, readPage: (rendered) => opts.readImage(rendered.png, rendered.index, rendered) });
      return { engine: opts.name, pages };
    },
  };
}

/**
 * Every page of a PDF through `readPage`, in order. Pages render on this thread while earlier ones
 * are read by the pool; at most one page per thread waits, so memory stays bounded on long documents.
 */
async function readPdfPages(
  input: Pick<TEngineInput, "bytes" | "signal" | "pageNumbers">,
  options: { dpi: number; pool: TPool; readPage: (rendered: TRenderedPage) => Promise<TPage> },
): Promise<TPage[]> {
  const reading: Promise<TPage>[] = [];
  const inFlight = new Set<Promise<TPage>>();
  for await (const rendered of renderPdfPages(input.bytes, { signal: input.signal, pages: input.pageNumbers, dpi: options.dpi })) {
    const page = options.readPage(rendered);
    reading.push(page);
    inFlight.add(page);
    // A failed page rejects through Promise.race/all below; this branch only tracks completion.
    void page.finally(() => inFlight.delete(page)).catch(() => undefined);
    if (inFlight.size >= options.pool.size + 1) await Promise.race(inFlight);
  }
  const pages = await Promise.all(reading);
  if (pages.length === 0) throw new AppError("CORRUPT_FILE", "This PDF has no pages.");
  return pages;
}

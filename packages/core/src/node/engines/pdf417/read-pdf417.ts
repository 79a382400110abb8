import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import sharp from "sharp";
import { prepareZXingModule, readBarcodes, type ReaderOptions, type ReadResult } from "zxing-wasm/reader";
import { AppError } from "../../../errors/app-error";
import type { TBBox } from "../../../extraction/extraction-result";

export type TPdf417Symbol = {
  /** The payload as text, control characters (LF, RS, CR) kept. */
  text: string;
  /** The raw payload bytes. */
  bytes: Uint8Array;
  /** Where the symbol lies, in pixels of the EXIF-upright image. */
  bbox: TBBox;
};

export type TReadPdf417Options = {
  /** Checked between decoding passes; the wasm decoder itself cannot be interrupted. */
  signal?: AbortSignal;
  /** Skip the slower contrast-normalised retry (for images known to be clean renders). */
  singlePass?: boolean;
};

/**
 * RGBA pixels in the shape of the DOM's ImageData (colorSpace, an ArrayBuffer not a shared one), so
 * the type holds where the DOM's types are loaded too. sharp's buffers are never shared.
 */
type TRgbaImage = { data: Uint8ClampedArray<ArrayBuffer>; width: number; height: number; colorSpace: "srgb" };

const require = createRequire(import.meta.url);

let modulePromise: Promise<unknown> | undefined;

// zxing-wasm fetches its wasm from a CDN unless handed the bytes; `locateFile` is ignored in Node.
function prepareReader(): Promise<unknown> {
  modulePromise ??= (async () => {
    const wasmBinary = await readFile(require.resolve("zxing-wasm/reader/zxing_reader.wasm"));
    const wasm = wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength);
    return prepareZXingModule({ overrides: { wasmBinary: wasm }, fireImmediately: true });
  })().catch((error: unknown) => {
    modulePromise = undefined;
    throw new AppError("ENGINE_FAILED", "The barcode reader could not start.", { cause: error });
  });
  return modulePromise;
}

const READER_OPTIONS: ReaderOptions = {
  formats: ["PDF417"],
  // Plain keeps the AAMVA separators (LF, RS, CR) that the default "HRI" mode would escape.
  textMode: "Plain",
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 4,
};

/** Crops narrower than this are upscaled in the retry so each PDF417 module spans more than a pixel or two. */
const RETRY_MIN_WIDTH = 800;

async function decodeRgba(image: Uint8Array): Promise<TRgbaImage> {
  try {
    // rotate() with no angle applies the EXIF orientation, so phone photos are upright.
    const { data, info } = await sharp(image).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8ClampedArray(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      colorSpace: "srgb",
    };
  } catch (error) {
    throw new AppError("CORRUPT_FILE", "The image could not be decoded; upload a JPEG, PNG or WebP photo of the barcode.", {
      cause: error,
    });
  }
}

/** A greyscale, contrast-stretched copy (upscaled when small) for barcodes that are tiny or washed out. */
async function enhance(image: Uint8Array, width: number): Promise<{ rgba: TRgbaImage; scale: number }> {
  const factor = width < RETRY_MIN_WIDTH ? 2 : 1;
  const { data, info } = await sharp(image)
    .rotate()
    .greyscale()
    .resize({ width: width * factor, kernel: "cubic" })
    .normalise()
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    rgba: {
      data: new Uint8ClampedArray(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      colorSpace: "srgb",
    },
    scale: info.width / width,
  };
}

function toSymbol(result: ReadResult, scale: number): TPdf417Symbol {
  const { topLeft, topRight, bottomLeft, bottomRight } = result.position;
  const xs = [topLeft.x, topRight.x, bottomLeft.x, bottomRight.x];
  const ys = [topLeft.y, topRight.y, bottomLeft.y, bottomRight.y];
  return {
    text: result.text,
    bytes: result.bytes,
    bbox: {
      x0: Math.min(...xs) / scale,
      y0: Math.min(...ys) / scale,
      x1: Math.max(...xs) / scale,
      y1: Math.max(...ys) / scale,
    },
  };
}

async function decodePass(rgba: TRgbaImage, scale: number, options: ReaderOptions): Promise<TPdf417Symbol[]> {
  await prepareReader();
  try {
    const results = await readBarcodes(rgba, options);
    const symbols = new Map<string, TPdf417Symbol>();
    for (const result of results) {
      // The rotate/invert retries inside zxing can report one symbol more than once.
      if (result.isValid && result.format === "PDF417" && !symbols.has(result.text)) {
        symbols.set(result.text, toSymbol(result, scale));
      }
    }
    return [...symbols.values()];
  } catch (error) {
    throw new AppError("ENGINE_FAILED", "The barcode reader failed on this image.", { cause: error });
  }
}

/** Every PDF417 symbol in an encoded image (JPEG, PNG, WebP); [] when there is none. */
export async function readPdf417(image: Uint8Array, opts: TReadPdf417Options = {}): Promise<TPdf417Symbol[]> {
  const rgba = await decodeRgba(image);
  opts.signal?.throwIfAborted();
  const first = await decodePass(rgba, 1, READER_OPTIONS);
  if (first.length > 0 || opts.singlePass) return first;

  opts.signal?.throwIfAborted();
  const retry = await enhance(image, rgba.width);
  return decodePass(retry.rgba, retry.scale, { ...READER_OPTIONS, tryDenoise: true });
}

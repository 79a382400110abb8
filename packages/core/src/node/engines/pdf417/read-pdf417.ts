import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import sharp from "sharp";
import { prepareZXingModule, readBarcodes, type ReaderOptions, type ReadResult } from "zxing-wasm/reader";
import { AppError } from "../../../errors/app-error";
import type { TBBox } from "../../../extraction/extraction-result";
import { flattenedView } from "../views/flattened-view";
import { turnedView } from "../views/turned-view";
import { estimateBarAngle, refineBarAngle } from "./estimate-bar-angle";

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
  /** Read the card found by its outline, warped flat, instead of the image as it is (OpenCV.js: loaded once, about a second). */
  flattened?: boolean;
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

/**
 * Every PDF417 symbol in an encoded image (JPEG, PNG, WebP); [] when there is none. The decoder
 * finds a symbol turned by a quarter or a half, but not one a few degrees more (a licence
 * photographed at a slant): where none is found, the image is straightened by the slant of its
 * edges and read again. With `flattened`, the card in a photo taken at an angle (its rows
 * converging) is found by its outline and warped flat, as the capture page does, and that view is
 * read instead ([] when no outline is found).
 */
export async function readPdf417(image: Uint8Array, opts: TReadPdf417Options = {}): Promise<TPdf417Symbol[]> {
  const rgba = await decodeRgba(image);
  opts.signal?.throwIfAborted();
  if (opts.flattened) {
    const flat = await flattenedView(image, rgba.width, rgba.height).catch(() => null);
    if (!flat) return [];
    const found = await readPdf417(flat.bytes, { ...opts, flattened: false });
    return found.map((symbol) => ({ ...symbol, bbox: flat.toImage(symbol.bbox) }));
  }
  const first = await decodePass(rgba, 1, READER_OPTIONS);
  if (first.length > 0 || opts.singlePass) return first;
  return readHarder(image, rgba, opts.signal);
}

/** A slant smaller than this the decoder reads through: the image is not straightened for it. */
const MIN_SLANT_DEGREES = 3;
/** The slant is measured on the image at most this large: enough for the bars of a symbol filling a tenth of a photo. */
const SLANT_MAX_SIDE = 1200;

/** The image straightened by the slant of its edges, then contrast-stretched as it is and straightened. */
async function readHarder(image: Uint8Array, rgba: TRgbaImage, signal?: AbortSignal): Promise<TPdf417Symbol[]> {
  signal?.throwIfAborted();
  const slant = await slantOf(image);
  const straight = Math.abs(slant) >= MIN_SLANT_DEGREES ? await straightened(image, rgba.width, rgba.height, -slant) : null;
  if (straight) {
    const found = await decodePass(straight.rgba, 1, READER_OPTIONS);
    if (found.length > 0) return found.map((symbol) => ({ ...symbol, bbox: straight.toImage(symbol.bbox) }));
    signal?.throwIfAborted();
  }
  const retry = await enhance(image, rgba.width);
  const enhanced = await decodePass(retry.rgba, retry.scale, { ...READER_OPTIONS, tryDenoise: true });
  if (enhanced.length > 0 || !straight) return enhanced;
  signal?.throwIfAborted();
  const both = await enhance(straight.bytes, straight.rgba.width);
  const found = await decodePass(both.rgba, both.scale, { ...READER_OPTIONS, tryDenoise: true });
  return found.map((symbol) => ({ ...symbol, bbox: straight.toImage(symbol.bbox) }));
}

async function slantOf(image: Uint8Array): Promise<number> {
  const { data, info } = await sharp(image)
    .rotate()
    .greyscale()
    .resize(SLANT_MAX_SIDE, SLANT_MAX_SIDE, { fit: "inside", withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const grey = { data, width: info.width, height: info.height };
  const estimate = estimateBarAngle(grey);
  // Upright within the decoder's reach: no closer look needed.
  return Math.abs(estimate) < MIN_SLANT_DEGREES - 1 ? estimate : refineBarAngle(grey, estimate);
}

/** The image turned by `degrees` (a small one enlarged first: turning blurs modules of a pixel or two past reading), and the way back. */
async function straightened(image: Uint8Array, width: number, height: number, degrees: number) {
  const scale = Math.min(4, Math.max(1, Math.ceil(RETRY_MIN_WIDTH / width)));
  const source =
    scale > 1
      ? new Uint8Array(
          await sharp(image)
            .rotate()
            .resize({ width: width * scale, kernel: "cubic" })
            .png()
            .toBuffer(),
        )
      : image;
  const view = await turnedView(source, width * scale, height * scale, degrees);
  const toImage = (box: TBBox): TBBox => {
    const { x0, y0, x1, y1 } = view.toImage(box);
    return { x0: x0 / scale, y0: y0 / scale, x1: x1 / scale, y1: y1 / scale };
  };
  return { bytes: view.bytes, rgba: await decodeRgba(view.bytes), toImage };
}

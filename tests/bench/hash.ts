/**
 * hash: streaming SHA-256 against a one-shot digest of the same bytes, in Node (the upload path's
 * node:crypto hasher fed chunk by chunk, as request bodies arrive) and in Chromium (the capture
 * Web Worker's hasher over a File-sized Blob against crypto.subtle.digest one-shot).
 */
import { createHash, randomFillSync } from "node:crypto";
import { sha256Stream } from "@docvault/core";
import { hashInChromium } from "./support/browser-hash";
import { row, type TBenchOptions, type TBenchRow } from "./bench-row";

const CHUNK = 64 * 1024;

function* chunks(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

async function* asyncChunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield* chunks(bytes);
}

/** Best of `rounds` MB/s: the least disturbed run on a shared machine. */
async function bestMbPerSecond(bytes: Uint8Array, rounds: number, fn: () => unknown): Promise<number> {
  let best = 0;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await fn();
    best = Math.max(best, bytes.length / 1e6 / ((performance.now() - started) / 1000));
  }
  return best;
}

export async function hashBench(options: TBenchOptions): Promise<TBenchRow[]> {
  const bytes = randomFillSync(new Uint8Array((options.smoke ? 16 : 256) * 1024 * 1024));
  const rounds = options.smoke ? 1 : 5;
  const oneShot = await bestMbPerSecond(bytes, rounds, () => createHash("sha256").update(bytes).digest("hex"));
  const streaming = await bestMbPerSecond(bytes, rounds, () => {
    const hash = createHash("sha256");
    for (const chunk of chunks(bytes)) hash.update(chunk);
    return hash.digest("hex");
  });
  const wasm = await bestMbPerSecond(bytes, rounds, () => sha256Stream(asyncChunks(bytes)));
  // 48 MB: about the largest file the server takes by default (50 MB).
  const browser = await hashInChromium({ megabytes: options.smoke ? 16 : 48, rounds });
  const size = `${Math.round(bytes.length / 1024 / 1024)} MB in 64 KiB chunks`;
  return [
    row({
      bench: "hash",
      figure: "node: streaming sha256 (upload path)",
      value: streaming,
      unit: "MB/s",
      ceiling: { label: "one-shot node:crypto", value: oneShot },
      goal: { op: ">=", target: 0.8, on: "ratio" },
      note: size,
    }),
    row({
      bench: "hash",
      figure: "node: isomorphic hash-wasm stream",
      value: wasm,
      unit: "MB/s",
      ceiling: { label: "one-shot node:crypto", value: oneShot },
      note: "the browser's hasher, run in Node for comparison",
    }),
    row({
      bench: "hash",
      figure: "chromium: Web Worker hash (capture page)",
      value: browser.worker,
      unit: "MB/s",
      ceiling: { label: "one-shot: blob.arrayBuffer() + crypto.subtle.digest", value: browser.oneShot },
      goal: { op: ">=", target: 0.8, on: "ratio" },
      note: `${browser.megabytes} MB Blob read whole in one read, then crypto.subtle (sha256Blob up to 64 MB; hash-wasm in slices above)`,
    }),
    row({
      bench: "hash",
      figure: "chromium: crypto.subtle.digest alone",
      value: browser.digestOnly,
      unit: "MB/s",
      ceiling: { label: "one-shot: blob.arrayBuffer() + crypto.subtle.digest", value: browser.oneShot },
      note: "bytes already in memory: what reading the Blob costs on top",
    }),
    row({
      bench: "hash",
      figure: "chromium: hash-wasm stream (files over 64 MB)",
      value: browser.wasm,
      unit: "MB/s",
      ceiling: { label: "one-shot: blob.arrayBuffer() + crypto.subtle.digest", value: browser.oneShot },
      note: `${browser.megabytes} MB Blob.stream() through hash-wasm: no SHA-NI in wasm`,
    }),
  ];
}

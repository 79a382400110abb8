/**
 * validate: how fast the upload checks run. Small images from disk per second (open, read head and
 * tail, validate) next to the same reads without validating (the I/O ceiling); and the time to check
 * a ~50 MB photo, which reads 65 KB of it, next to the time to read the whole file once.
 */
import { randomFillSync } from "node:crypto";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { HEAD_BYTES, TAIL_BYTES, validateDocument, type THeadTail } from "@docvault/core";
import { renderTextImage } from "@docvault/core/testing";
import { percentile, row, type TBenchOptions, type TBenchRow } from "./bench-row";

async function readHeadTailFromDisk(path: string): Promise<THeadTail> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const head = new Uint8Array(Math.min(HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    const tail = new Uint8Array(Math.min(TAIL_BYTES, size));
    await handle.read(tail, 0, tail.length, Math.max(0, size - tail.length));
    return { head, tail, size };
  } finally {
    await handle.close();
  }
}

async function filesPerSecond(paths: string[], budgetMs: number, validate: boolean): Promise<number> {
  let files = 0;
  const started = performance.now();
  while (performance.now() - started < budgetMs) {
    // 8 at a time, as concurrent uploads are checked.
    for (let i = 0; i < paths.length; i += 8) {
      await Promise.all(
        paths.slice(i, i + 8).map(async (path) => {
          const parts = await readHeadTailFromDisk(path);
          if (validate) validateDocument(parts);
        }),
      );
      files += Math.min(8, paths.length - i);
    }
  }
  return files / ((performance.now() - started) / 1000);
}

/** The checks alone, on heads and tails already in memory (as the upload route holds them). */
function checksPerSecond(parts: THeadTail[], budgetMs: number): number {
  let files = 0;
  const started = performance.now();
  while (performance.now() - started < budgetMs) {
    for (const p of parts) validateDocument(p);
    files += parts.length;
  }
  return files / ((performance.now() - started) / 1000);
}

/** A photo-sized JPEG of noise (incompressible, so its size is real), about `megabytes` MB. */
export function noisePhoto(megabytes: number): Promise<Buffer> {
  const pixels = (megabytes * 1e6) / 1.4; // quality 100 noise: about 1.4 bytes a pixel
  const width = Math.round(Math.sqrt(pixels * (4 / 3)));
  const height = Math.round(width * 0.75);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(width, height);
  randomFillSync(image.data);
  ctx.putImageData(image, 0, 0);
  return canvas.encode("jpeg", 100);
}

export async function validateBench(options: TBenchOptions): Promise<TBenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "dv-bench-validate-"));
  try {
    const samples = [await renderTextImage(["RECEIPT 12.50"], { width: 400 }), await renderTextImage(["TOTAL 7.00"], { width: 300, format: "jpeg" })];
    const paths: string[] = [];
    for (let i = 0; i < 200; i++) {
      const path = join(dir, `small-${i}.${i % 2 ? "jpg" : "png"}`);
      await writeFile(path, samples[i % 2] ?? Buffer.alloc(0));
      paths.push(path);
    }
    const budget = options.smoke ? 500 : 4000;
    const inMemory = await Promise.all(paths.map(readHeadTailFromDisk));
    checksPerSecond(inMemory, 200); // warm-up: JIT
    const checks = checksPerSecond(inMemory, budget);
    const ceiling = await filesPerSecond(paths, budget, false);
    const fromDisk = await filesPerSecond(paths, budget, true);

    const big = join(dir, "big.jpg");
    const photo = await noisePhoto(options.smoke ? 5 : 50);
    await writeFile(big, photo);
    const bigChecks: number[] = [];
    const fullReads: number[] = [];
    for (let i = 0; i < (options.smoke ? 3 : 15); i++) {
      let t = performance.now();
      validateDocument(await readHeadTailFromDisk(big));
      bigChecks.push(performance.now() - t);
      t = performance.now();
      await readFile(big);
      fullReads.push(performance.now() - t);
    }
    const mb = Math.round(photo.length / 1e6);
    return [
      row({
        bench: "validate",
        figure: "small images checked (bytes in memory)",
        value: checks,
        unit: "files/s",
        ceiling: { label: "reading head and tail from disk, no checks", value: ceiling },
        goal: { op: ">=", target: 10_000, on: "value" },
        note: "PNG and JPEG receipts of 6-10 KB; ratio > 1: the checks cost less than the reads",
      }),
      row({
        bench: "validate",
        figure: "small images read from disk and checked",
        value: fromDisk,
        unit: "files/s",
        ceiling: { label: "the same reads, no checks", value: ceiling },
        note: "open, read 64 KB + 1 KB, close, check; 8 at a time",
      }),
      row({
        bench: "validate",
        figure: `${mb} MB photo checked (median)`,
        value: percentile(bigChecks, 50),
        unit: "ms",
        ceiling: { label: "reading the whole file once", value: percentile(fullReads, 50) },
        goal: { op: "<=", target: 10, on: "value" },
        note: "reads the first 64 KB and the last 1 KB (page cache warm)",
      }),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

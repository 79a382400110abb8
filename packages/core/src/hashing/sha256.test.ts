import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createSha256, sha256Hex } from "./create-sha256";
import { sha256Blob } from "./sha256-blob";
import { sha256Stream } from "./sha256-stream";

const nodeSha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function webStreamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

function split(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? bytes.length;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe("SHA-256 (hash-wasm) matches node:crypto", () => {
  it.each([
    ["empty", new Uint8Array()],
    ["1 byte", new Uint8Array([0x61])],
    ["1 MB random", randomBytes(1024 * 1024)],
  ])("%s", async (_name, bytes) => {
    expect(await sha256Hex(bytes)).toBe(nodeSha256(bytes));
    expect((await createSha256()).update(bytes).digest()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives the same digest whatever the chunk boundaries", async () => {
    const bytes = randomBytes(300_001);
    const cases: Array<[Uint8Array, number[]]> = [
      [bytes.subarray(0, 5000), [1]],
      [bytes, [63, 64, 65]],
      [bytes, [4095, 4097]],
      [bytes, [100_003]],
      [bytes, [7, 16_384, 1, 65_537]],
    ];
    for (const [input, sizes] of cases) {
      const hasher = await createSha256();
      for (const chunk of split(input, sizes)) hasher.update(chunk);
      expect(hasher.digest()).toBe(nodeSha256(input));
    }
  });

  it("refuses to update or digest a finished hasher instead of returning a wrong digest", async () => {
    const hasher = await createSha256();
    hasher.update(new Uint8Array([1]));
    hasher.digest();
    expect(() => hasher.update(new Uint8Array([2]))).toThrow(/after digest/);
    expect(() => hasher.digest()).toThrow(/twice/);
  });
});

describe("sha256Stream", () => {
  it("hashes a web ReadableStream and a Node stream with odd chunk sizes", async () => {
    const bytes = randomBytes(1_000_003);
    const chunks = split(bytes, [1, 999, 65_537, 3]);
    const progress: number[] = [];
    expect(await sha256Stream(webStreamOf(chunks), { onProgress: (n) => progress.push(n) })).toBe(nodeSha256(bytes));
    expect(progress.at(-1)).toBe(bytes.length);
    expect(await sha256Stream(Readable.from(chunks))).toBe(nodeSha256(bytes));
    expect(await sha256Stream(webStreamOf([]))).toBe(nodeSha256(new Uint8Array()));
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sha256Stream(webStreamOf([new Uint8Array(10)]), { signal: controller.signal })).rejects.toThrow();
  });

  it("hashes a 50 MB stream chunk by chunk without holding it in memory", async () => {
    // A forced GC makes the measurement about what is retained, not what is not yet collected.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const chunkSize = 1024 * 1024;
    const reference = createHash("sha256");
    async function* fiftyMegabytes(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 50; i++) {
        const chunk = randomBytes(chunkSize);
        reference.update(chunk);
        yield chunk;
      }
    }
    // The baseline is taken once streaming is under way (the wasm instance and the first chunk
    // exist): what must stay flat is the growth from there to 50 MB.
    let baseline: number | null = null;
    let peakGrowth = 0;
    const digest = await sha256Stream(fiftyMegabytes(), {
      onProgress(bytesHashed) {
        if (bytesHashed % (10 * chunkSize) !== 0) return;
        gc();
        const { heapUsed, arrayBuffers } = process.memoryUsage();
        baseline ??= heapUsed + arrayBuffers;
        peakGrowth = Math.max(peakGrowth, heapUsed + arrayBuffers - baseline);
      },
    });
    expect(digest).toBe(reference.digest("hex"));
    // Loose (GC timing varies on shared machines): well under the 50 MB a buffering implementation would hold.
    expect(peakGrowth).toBeLessThan(25 * 1024 * 1024);
  });
});

describe("sha256Blob", () => {
  // Both paths: read whole for crypto.subtle (the default up to 64 MB: progress once, at the end),
  // and streamed through hash-wasm (wholeBytes 0, as for a Blob larger than the limit).
  it.each([
    ["whole, crypto.subtle", undefined, 1],
    ["streamed, hash-wasm", 0, 3],
  ])("%s: with progress, for any chunk size", async (_path, wholeBytes, progressCalls) => {
    const bytes = randomBytes(3 * 1024 * 1024 + 5);
    const blob = new Blob([bytes]);
    const calls: Array<[number, number]> = [];
    const digest = await sha256Blob(blob, { chunkSize: 1024 * 1024 + 7, wholeBytes, onProgress: (n, total) => calls.push([n, total]) });
    expect(digest).toBe(nodeSha256(bytes));
    expect(calls).toHaveLength(progressCalls);
    expect(calls.at(-1)).toEqual([bytes.length, bytes.length]);
    expect(await sha256Blob(blob, { chunkSize: 1 << 16, wholeBytes })).toBe(nodeSha256(bytes));
    expect(await sha256Blob(new Blob([]), { wholeBytes })).toBe(nodeSha256(new Uint8Array()));
  });

  it("streams a Blob above the whole-read limit", async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 1);
    expect(await sha256Blob(new Blob([bytes]), { wholeBytes: 1024 * 1024, chunkSize: 1 << 18 })).toBe(nodeSha256(bytes));
  });

  it("stops when aborted, on both paths", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sha256Blob(new Blob([randomBytes(100)]), { signal: controller.signal })).rejects.toThrow();
    await expect(sha256Blob(new Blob([randomBytes(100)]), { signal: controller.signal, wholeBytes: 0 })).rejects.toThrow();
  });
});

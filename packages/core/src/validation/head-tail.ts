/** How much of a file's start the checks read: enough for image headers behind typical metadata. */
export const HEAD_BYTES = 64 * 1024;
/** How much of a file's end the checks read: PDF readers look for %%EOF in the last 1,024 bytes. */
export const TAIL_BYTES = 1024;

/** The parts of a file validation reads, so a 50 MB file is checked without reading it all. */
export type THeadTail = { head: Uint8Array; tail: Uint8Array; size: number };

/** A browser File or Blob, or anything sliceable like one. */
export type TSliceableBlob = {
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
};

/** Head and tail of bytes already in memory (views, no copy). */
export function headTailOf(bytes: Uint8Array): THeadTail {
  return {
    head: bytes.subarray(0, HEAD_BYTES),
    tail: bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)),
    size: bytes.length,
  };
}

/** Head and tail of a File or Blob, reading only those two slices. */
export async function readHeadTail(blob: TSliceableBlob): Promise<THeadTail> {
  const [head, tail] = await Promise.all([blob.slice(0, HEAD_BYTES).arrayBuffer(), blob.slice(Math.max(0, blob.size - TAIL_BYTES), blob.size).arrayBuffer()]);
  return { head: new Uint8Array(head), tail: new Uint8Array(tail), size: blob.size };
}

export type THeadTailCollector = { push(chunk: Uint8Array): void; result(): THeadTail };

/**
 * Keeps the head and tail of a stream as it passes (for an upload written to storage chunk by
 * chunk) in fixed memory, whatever the stream's length.
 */
export function createHeadTailCollector(): THeadTailCollector {
  const head = new Uint8Array(HEAD_BYTES);
  const tail = new Uint8Array(TAIL_BYTES);
  let tailLength = 0;
  let size = 0;
  return {
    push(chunk) {
      if (size < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - size), size);
      size += chunk.length;
      if (chunk.length >= TAIL_BYTES) {
        tail.set(chunk.subarray(chunk.length - TAIL_BYTES));
        tailLength = TAIL_BYTES;
        return;
      }
      const keep = Math.min(tailLength, TAIL_BYTES - chunk.length);
      tail.copyWithin(0, tailLength - keep, tailLength);
      tail.set(chunk, keep);
      tailLength = keep + chunk.length;
    },
    result() {
      // Copies, so later pushes cannot change what a caller holds.
      return { head: head.slice(0, Math.min(size, HEAD_BYTES)), tail: tail.slice(0, tailLength), size };
    },
  };
}

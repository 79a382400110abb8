import { createSha256 } from "./create-sha256";

export const DEFAULT_HASH_CHUNK_BYTES = 4 * 1024 * 1024;

export type TSha256BlobOptions = {
  /** Bytes read per slice; memory holds about two of them. */
  chunkSize?: number;
  /** Called after each slice with bytes hashed and the total, to drive a progress bar. */
  onProgress?: (bytesHashed: number, totalBytes: number) => void;
  signal?: AbortSignal;
};

/** A browser File or Blob, described by the two members used so DOM and Node typings both fit. */
type TBlobLike = { readonly size: number; slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> } };

/**
 * SHA-256 of a File or Blob in the browser (or a Worker) as lowercase hex, reading it slice by
 * slice so a 50 MB file never sits in memory whole.
 */
export async function sha256Blob(blob: TBlobLike, options: TSha256BlobOptions = {}): Promise<string> {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_HASH_CHUNK_BYTES));
  const hasher = await createSha256();
  const read = (start: number): Promise<ArrayBuffer> => blob.slice(start, Math.min(start + chunkSize, blob.size)).arrayBuffer();
  // The next slice is read while the current one is hashed: disk and wasm work overlap.
  let next = blob.size > 0 ? read(0) : null;
  for (let start = 0; next; start += chunkSize) {
    const buffer = await next;
    // Checked between reads, so no slice read is left pending (and its failure unobserved).
    options.signal?.throwIfAborted();
    next = start + chunkSize < blob.size ? read(start + chunkSize) : null;
    hasher.update(new Uint8Array(buffer));
    options.onProgress?.(Math.min(start + chunkSize, blob.size), blob.size);
  }
  return hasher.digest();
}

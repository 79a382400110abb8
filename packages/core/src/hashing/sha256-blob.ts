import { createSha256 } from "./create-sha256";

/** Slices of a Blob streamed through hash-wasm (over WHOLE_BLOB_HASH_BYTES): a progress step each. */
export const DEFAULT_HASH_CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Up to this size a Blob is read whole, in one read, and hashed by the platform's crypto.subtle
 * (native code, SHA-NI where the CPU has it: 3-5x hash-wasm in Chromium on these machines, see the
 * hash benchmark). One read, because each slice read is a round trip to the browser process: in
 * 8 MB slices the same 48 MB took twice as long, in 16 MB slices 1.4x. Larger Blobs stream through
 * hash-wasm in slices, holding two at a time. 64 MB covers every file the server accepts by
 * default (50 MB).
 */
export const WHOLE_BLOB_HASH_BYTES = 64 * 1024 * 1024;

export type TSha256BlobOptions = {
  /** Bytes read per slice. */
  chunkSize?: number;
  /** Called after each slice (once, at the end, for a Blob read whole) with bytes hashed and the total. */
  onProgress?: (bytesHashed: number, totalBytes: number) => void;
  signal?: AbortSignal;
  /** Largest Blob read whole for crypto.subtle (default WHOLE_BLOB_HASH_BYTES); 0 always streams. */
  wholeBytes?: number;
};

/** A browser File or Blob, described by the two members used so DOM and Node typings both fit. */
type TBlobLike = { readonly size: number; slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> } };

/**
 * SHA-256 of a File or Blob in the browser (or a Worker, or Node) as lowercase hex: read whole for
 * crypto.subtle.digest up to `wholeBytes`, streamed slice by slice with progress through hash-wasm
 * beyond (or where crypto.subtle is missing: plain http off localhost).
 */
export async function sha256Blob(blob: TBlobLike, options: TSha256BlobOptions = {}): Promise<string> {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_HASH_CHUNK_BYTES));
  const subtle = globalThis.crypto?.subtle;
  if (subtle && blob.size <= (options.wholeBytes ?? WHOLE_BLOB_HASH_BYTES)) {
    options.signal?.throwIfAborted();
    const whole = await blob.slice(0, blob.size).arrayBuffer();
    options.signal?.throwIfAborted();
    const digest = await subtle.digest("SHA-256", whole);
    options.onProgress?.(blob.size, blob.size);
    return toHex(digest);
  }
  const hasher = await createSha256();
  await readSlices(blob, chunkSize, options, (bytes) => hasher.update(bytes));
  return hasher.digest();
}

/** Reads `blob` in order, the next slice while the current one is used, reporting progress. */
async function readSlices(blob: TBlobLike, chunkSize: number, options: TSha256BlobOptions, use: (bytes: Uint8Array) => void): Promise<void> {
  const read = (start: number): Promise<ArrayBuffer> => blob.slice(start, Math.min(start + chunkSize, blob.size)).arrayBuffer();
  let next = blob.size > 0 ? read(0) : null;
  // An empty Blob still honours an abort.
  if (!next) options.signal?.throwIfAborted();
  for (let start = 0; next; start += chunkSize) {
    const buffer = await next;
    // Checked between reads, so no slice read is left pending (and its failure unobserved).
    options.signal?.throwIfAborted();
    next = start + chunkSize < blob.size ? read(start + chunkSize) : null;
    use(new Uint8Array(buffer));
    options.onProgress?.(Math.min(start + chunkSize, blob.size), blob.size);
  }
}

function toHex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

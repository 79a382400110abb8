import { createSha256 } from "./create-sha256";

/** The part of a web ReadableStream this module uses, so DOM and Node typings both fit. */
type TByteReadableStream = {
  getReader(): {
    read(): Promise<{ done: boolean; value?: Uint8Array }>;
    releaseLock(): void;
    cancel(reason?: unknown): Promise<void>;
  };
};

export type TByteSource = TByteReadableStream | AsyncIterable<Uint8Array>;

export type THashProgressOptions = {
  /** Called after each chunk with the bytes hashed so far. */
  onProgress?: (bytesHashed: number) => void;
  /** Aborting rejects with the signal's reason (an AbortError), as fetch does. */
  signal?: AbortSignal;
};

/**
 * SHA-256 of a stream as lowercase hex, one chunk at a time, so memory stays flat however long it is.
 * Takes a web ReadableStream (fetch bodies, Blob.stream()) or any async iterable (Node streams).
 */
export async function sha256Stream(source: TByteSource, options: THashProgressOptions = {}): Promise<string> {
  const hasher = await createSha256();
  let bytesHashed = 0;
  for await (const chunk of chunksOf(source, options.signal)) {
    hasher.update(chunk);
    bytesHashed += chunk.length;
    options.onProgress?.(bytesHashed);
  }
  return hasher.digest();
}

// Safari's ReadableStream is not async-iterable yet, so web streams are read through their reader.
async function* chunksOf(source: TByteSource, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  if (!("getReader" in source)) {
    for await (const chunk of source) {
      signal?.throwIfAborted();
      yield chunk;
    }
    return;
  }
  const reader = source.getReader();
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } catch (error) {
    // Stop the producer too: nobody will read what it would go on making.
    await reader.cancel(error).catch(() => undefined);
    throw error;
  } finally {
    reader.releaseLock();
  }
}

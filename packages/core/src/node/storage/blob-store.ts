/** Where document bytes live. Keys are content addresses (derived from the SHA-256). */
export type TBlobStore = {
  /**
   * Streams bytes into the store while hashing and counting them. Aborts with FILE_TOO_LARGE once
   * more than maxBytes have arrived, so an oversized upload never lands.
   */
  putStream(body: AsyncIterable<Uint8Array>, opts: TPutStreamOptions): Promise<TPutResult>;
  /** The whole file in memory; NOT_FOUND when there is none under the key. */
  get(key: string): Promise<Buffer>;
  /** The file as a stream, opened before it resolves (so NOT_FOUND surfaces here, not mid-stream). */
  getStream(key: string): Promise<AsyncIterable<Uint8Array>>;
  /** Idempotent: deleting a key that holds nothing succeeds. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
};

export type TPutStreamOptions = {
  maxBytes: number;
  /** Runs once all bytes are in, before they are kept (sha256 of the plaintext, hex); throwing discards them. */
  check?: (head: Uint8Array, size: number, sha256: string) => void;
};

export type TPutResult = { key: string; sha256: string; size: number; head: Uint8Array };

/** Bytes written to a staging area, invisible to readers until committed under a key. */
export type TStagedBlob = {
  /** Makes the bytes visible under key (replacing identical content) and drops the staging copy. */
  commit(key: string): Promise<void>;
  /** Drops the staging copy; safe to call more than once. */
  discard(): Promise<void>;
};

/**
 * A store that can also take raw bytes under a key chosen after they were written. Wrappers that
 * transform bytes (encryption) need this: the key is the hash of the plaintext, not of what is kept.
 */
export type TStagingBlobStore = TBlobStore & {
  /** Writes the bytes as they are to staging. On failure nothing is left behind. */
  stage(body: AsyncIterable<Uint8Array>): Promise<TStagedBlob>;
  /** Removes staging files older than maxAgeMs (left by a crash); returns how many. */
  sweepStaging(maxAgeMs: number): Promise<number>;
};

/** Where document bytes live. Keys are content addresses (derived from the SHA-256). */
export type TBlobStore = {
  /**
   * Streams bytes into the store while hashing and counting them. Aborts with FILE_TOO_LARGE once
   * more than maxBytes have arrived, so an oversized upload never lands.
   */
  putStream(
    body: AsyncIterable<Uint8Array>,
    opts: TPutStreamOptions,
  ): Promise<{ key: string; sha256: string; size: number; head: Uint8Array }>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
};

export type TPutStreamOptions = {
  maxBytes: number;
  /** Runs once all bytes are in, before they are kept; throwing discards them. */
  check?: (head: Uint8Array, size: number) => void;
};

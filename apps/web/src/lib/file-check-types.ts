/** The contract between the page and the file-check Web Worker. */
export type TFileCheck = { ok: true; type: string; sha256: string; size: number } | { ok: false; code: string; message: string };

/** What the quality gate found on a photo: null when it is fine (or is not a photo the browser can draw). */
export type TQualityCheck = { code: string; message: string } | null;

export type TFileChecker = {
  warm(): Promise<void>;
  check(file: File, onProgress?: (bytesHashed: number, totalBytes: number) => void): Promise<TFileCheck>;
  /** Blur, darkness, washed-out light and glare, measured on a copy at most 1,000 px a side. */
  quality(file: File, type: string): Promise<TQualityCheck>;
};

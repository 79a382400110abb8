/** The contract between the page and the file-check Web Worker. */
export type TFileCheck = { ok: true; type: string; sha256: string; size: number } | { ok: false; code: string; message: string };

export type TFileChecker = {
  warm(): Promise<void>;
  check(file: File, onProgress?: (bytesHashed: number, totalBytes: number) => void): Promise<TFileCheck>;
};

/** The contract between the page and the file-check Web Worker. */
export type TFileCheck = { ok: true; type: string; sha256: string; size: number } | { ok: false; code: string; message: string };

/** What the quality gate found on a photo: null when it is fine (or is not a photo the browser can draw). */
export type TQualityCheck = { code: string; message: string } | null;

/** A photo converted on the device (an iPhone's HEIC into JPEG), or why it could not be. */
export type TConverted = { ok: true; file: File } | { ok: false; code: string; message: string };

/** The code `check` answers for a HEIC photo: the page converts it (`heicToJpeg`) and checks the JPEG. */
export const HEIC_PHOTO = "HEIC_PHOTO";

export type TCorner = { x: number; y: number };
export type TCorners = [TCorner, TCorner, TCorner, TCorner];
/** Corners found, how sure the finder is, and the photo's upright size; null when no page was seen or the finder could not run. */
export type TFoundCorners = { corners: TCorners; confidence: number; width: number; height: number } | null;

export type TFileChecker = {
  warm(): Promise<void>;
  check(file: File, onProgress?: (bytesHashed: number, totalBytes: number) => void): Promise<TFileCheck>;
  /** Blur, darkness, washed-out light and glare, measured on a copy at most 1,000 px a side. */
  quality(file: File, type: string): Promise<TQualityCheck>;
  /** An iPhone photo (HEIC/HEIF) as a JPEG, decoded here after its claimed size is checked. */
  heicToJpeg(file: File): Promise<TConverted>;
  /** The page's four corners in a photo (fractions of its width and height: tl, tr, br, bl), or null when no page is seen. */
  findCorners(file: File): Promise<TFoundCorners>;
  /** The page inside `corners` warped flat and cropped, as a JPEG. */
  flatten(file: File, corners: TCorners): Promise<TConverted>;
  /** Photos, in order, as one PDF with a page each. */
  assemblePdf(photos: Blob[], name: string): Promise<TConverted>;
};

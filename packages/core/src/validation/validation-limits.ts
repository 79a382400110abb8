export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

/** The limits every check reads; each is configurable, the defaults follow the OCR provider's published limits. */
export type TValidationLimits = {
  maxBytes: number;
  /** Width × height an image header may claim; above it decoding could exhaust memory. */
  maxPixels: number;
  /** Longest side of an image; nothing a camera or scanner makes comes near it. */
  maxSidePixels: number;
  /** Pages in a PDF (checked on the server, where the PDF is parsed). */
  maxPages: number;
};

export const DEFAULT_VALIDATION_LIMITS: Readonly<TValidationLimits> = {
  maxBytes: DEFAULT_MAX_FILE_BYTES,
  maxPixels: 100_000_000,
  maxSidePixels: 65_535,
  maxPages: 1_000,
};

export function resolveLimits(limits: Partial<TValidationLimits> | undefined): TValidationLimits {
  return { ...DEFAULT_VALIDATION_LIMITS, ...stripUndefined(limits ?? {}) };
}

// `{ maxBytes: undefined }` from an optional config value must not erase the default.
function stripUndefined(limits: Partial<TValidationLimits>): Partial<TValidationLimits> {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}

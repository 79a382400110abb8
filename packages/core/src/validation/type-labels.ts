/** How a sentence names each type a person might upload ("claims to be a PNG image"). */
export const TYPE_LABELS: Readonly<Record<string, string>> = {
  "image/jpeg": "a JPEG image",
  "image/png": "a PNG image",
  "image/webp": "a WebP image",
  "image/tiff": "a TIFF image",
  "application/pdf": "a PDF",
  "image/heic": "a HEIC photo",
  "image/gif": "a GIF image",
  "image/bmp": "a BMP image",
};

export const labelOf = (type: string): string => TYPE_LABELS[type] ?? type;

/** "PNG" from "a PNG image", for sentences that start with the format's name. */
export const shortLabelOf = (type: string): string =>
  labelOf(type)
    .replace(/^an? /, "")
    .replace(/ (image|photo)$/, "");

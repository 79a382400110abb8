/**
 * iPhone photos (HEIC/HEIF: HEVC pictures in an ISO media file) turned into JPEG on the device, in
 * the file-check Web Worker, so the rest of docvault reads them like any photo. libheif (with
 * libde265) runs as wasm from the libheif-js package; this module and its 2 MB chunk load only when
 * such a photo is chosen. The size the file claims is checked before a pixel is decoded, against
 * the same limits as every other image (a small file can claim a picture that would fill memory).
 */
import libheif, { type THeifImage, type TLibheif } from "libheif-js/libheif-wasm/libheif-bundle.mjs";
import { AppError, checkImageSize, type TImageLimits } from "@docvault/core";

const DAMAGED = "This HEIC photo could not be read: it may be damaged or cut short. Export it again, or set the camera to 'Most compatible' (JPEG).";
const JPEG_QUALITY = 0.92;

let lib: TLibheif | undefined;

/** The photo as a JPEG, upright as the camera meant it (libheif applies the file's rotation and mirroring). */
export async function heicToJpeg(file: Blob, limits: TImageLimits): Promise<Blob> {
  lib ??= libheif();
  const images = new lib.HeifDecoder().decode(new Uint8Array(await file.arrayBuffer()));
  try {
    const image = images.find((candidate) => candidate.is_primary()) ?? images[0];
    if (!image) throw new AppError("CORRUPT_FILE", DAMAGED);
    const width = image.get_width();
    const height = image.get_height();
    checkImageSize("image/heic", { width, height }, limits);
    const pixels = new ImageData(width, height);
    await decodeInto(image, pixels);
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d");
    if (!context) throw new AppError("INTERNAL", "This browser cannot draw the photo to convert it. Export it as JPEG instead.");
    context.putImageData(pixels, 0, 0);
    return await canvas.convertToBlob({ type: "image/jpeg", quality: JPEG_QUALITY });
  } finally {
    for (const image of images) image.free();
  }
}

function decodeInto(image: THeifImage, pixels: ImageData): Promise<void> {
  return new Promise((resolve, reject) => {
    image.display(pixels, (shown) => (shown ? resolve() : reject(new AppError("CORRUPT_FILE", DAMAGED))));
  });
}

/** "IMG_0042.HEIC" -> "IMG_0042.jpg": the name the converted photo is kept under. */
export function jpegName(name: string): string {
  return `${name.replace(/\.(heic|heif|hif)$/i, "") || "photo"}.jpg`;
}

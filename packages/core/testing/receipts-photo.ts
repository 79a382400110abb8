// A photo of three receipts on a table, made on the fly: what a split by boxes is tried on.
import sharp from "sharp";

type TRgb = { r: number; g: number; b: number };
/** A receipt in the photo: where it lies (fractions of the upright photo) and its paper's tint. */
export type TPhotoReceipt = { x: number; y: number; width: number; height: number; colour: "red" | "green" | "blue" };

const TABLE: TRgb = { r: 90, g: 90, b: 90 };
const TINTS: Record<TPhotoReceipt["colour"], TRgb> = {
  red: { r: 255, g: 190, b: 190 },
  green: { r: 190, g: 255, b: 190 },
  blue: { r: 190, g: 190, b: 255 },
};

/** Three upright receipts side by side, tinted red, green and blue so a part shows which one it holds. */
export const PHOTO_RECEIPTS: readonly TPhotoReceipt[] = [
  { x: 0.05, y: 0.1, width: 0.25, height: 0.8, colour: "red" },
  { x: 0.375, y: 0.15, width: 0.25, height: 0.7, colour: "green" },
  { x: 0.7, y: 0.05, width: 0.25, height: 0.6, colour: "blue" },
];

/**
 * A grey table 800 × 500 pixels with PHOTO_RECEIPTS on it, as PNG or JPEG. With `orientation`
 * (an EXIF orientation, 6 = the camera held sideways), the pixels are stored turned so that a
 * viewer applying the tag shows the same upright picture.
 */
export async function makeReceiptsPhoto(opts: { format?: "png" | "jpeg"; orientation?: 6 } = {}): Promise<Buffer> {
  const width = 800;
  const height = 500;
  const upright = await sharp({ create: { width, height, channels: 3, background: TABLE } })
    .composite(
      PHOTO_RECEIPTS.map((receipt) => ({
        input: {
          create: {
            width: Math.round(receipt.width * width),
            height: Math.round(receipt.height * height),
            channels: 3 as const,
            background: TINTS[receipt.colour],
          },
        },
        left: Math.round(receipt.x * width),
        top: Math.round(receipt.y * height),
      })),
    )
    .png()
    .toBuffer();
  // Orientation 6 shows the stored pixels turned 90° clockwise: store them turned 90° anticlockwise.
  const stored = opts.orientation === 6 ? sharp(upright).rotate(270).withMetadata({ orientation: 6 }) : sharp(upright);
  return opts.format === "jpeg" ? stored.jpeg({ quality: 95 }).toBuffer() : stored.png().toBuffer();
}

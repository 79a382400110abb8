import sharp from "sharp";
import type { TBBox } from "../../../extraction/extraction-result";

/** The image turned clockwise by `degrees` about its centre (the canvas grows to hold it), and the way back. */
export type TTurnedView = { bytes: Uint8Array; width: number; height: number; toImage: (box: TBBox) => TBBox };

/** Turns the (EXIF-upright) image; boxes found in the view map back to the image's pixels as their bounds. */
export async function turnedView(image: Uint8Array, width: number, height: number, degrees: number): Promise<TTurnedView> {
  const { data, info } = await sharp(image).rotate().rotate(degrees, { background: "#ffffff" }).png().toBuffer({ resolveWithObject: true });
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const back = (x: number, y: number) => {
    const dx = x - info.width / 2;
    const dy = y - info.height / 2;
    return { x: width / 2 + dx * cos + dy * sin, y: height / 2 - dx * sin + dy * cos };
  };
  const toImage = (box: TBBox): TBBox => {
    const corners = [back(box.x0, box.y0), back(box.x1, box.y0), back(box.x0, box.y1), back(box.x1, box.y1)];
    const clampX = (x: number) => Math.min(width, Math.max(0, x));
    const clampY = (y: number) => Math.min(height, Math.max(0, y));
    return {
      x0: clampX(Math.min(...corners.map((c) => c.x))),
      y0: clampY(Math.min(...corners.map((c) => c.y))),
      x1: clampX(Math.max(...corners.map((c) => c.x))),
      y1: clampY(Math.max(...corners.map((c) => c.y))),
    };
  };
  return { bytes: new Uint8Array(data), width: info.width, height: info.height, toImage };
}

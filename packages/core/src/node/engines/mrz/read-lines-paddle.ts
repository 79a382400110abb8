import type { TMrzTextLine } from "../../../documents/mrz/find-mrz-lines";
import { cropLineImage, type TRegion } from "./mrz-regions";
import { recogniseMrzLines } from "./mrz-recogniser";

/** Reads located MRZ lines with PP-OCR's recogniser: each line's text with every character's options. */
export async function readLinesWithPaddle(image: Uint8Array, regions: readonly TRegion[]): Promise<TMrzTextLine[]> {
  const crops = await Promise.all(regions.map((region) => cropLineImage(image, region)));
  const read = await recogniseMrzLines(crops);
  return read.map((line, i) => {
    const region = regions[i] as TRegion;
    return {
      text: line.text,
      cells: line.cells,
      confidence: line.confidence,
      bbox: { x0: region.left, y0: region.top, x1: region.left + region.width, y1: region.top + region.height },
    };
  });
}

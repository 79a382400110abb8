/**
 * Blank stretches between characters of a straightened line image: for each pair of neighbouring
 * characters (centres in pixels, left to right), the widest run of columns with no ink between
 * them, and the height of the ink. Ink is what is darker than the line's Otsu threshold.
 */
export function gapsBetween(pixels: Uint8Array, width: number, height: number, centres: number[]): { gaps: number[]; inkHeight: number } {
  const grey = new Uint8Array(width * height);
  const histogram = new Array<number>(256).fill(0);
  for (let p = 0; p < width * height; p++) {
    const v = Math.round(0.299 * (pixels[p * 3] as number) + 0.587 * (pixels[p * 3 + 1] as number) + 0.114 * (pixels[p * 3 + 2] as number));
    grey[p] = v;
    histogram[v] = (histogram[v] as number) + 1;
  }
  // Ink is darker than half-way between the Otsu threshold and the paper: thin strokes shrunk to
  // grey (a T's crossbar) still count. Light text on dark ground is rare on documents and is not handled.
  const otsuLevel = otsu(histogram, width * height);
  const paper = percentile(histogram, width * height, 0.9);
  const threshold = otsuLevel + Math.max(0, paper - otsuLevel) / 2;
  const column = new Uint16Array(width);
  const rowInk = new Uint16Array(height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((grey[y * width + x] as number) < threshold) {
        column[x] = (column[x] as number) + 1;
        rowInk[y] = (rowInk[y] as number) + 1;
      }
    }
  }
  const busyRows = [...rowInk].map((n, y) => (n > width * 0.02 ? y : -1)).filter((y) => y >= 0);
  const inkHeight = busyRows.length ? (busyRows.at(-1) as number) - (busyRows[0] as number) + 1 : height;
  const blank = (x: number) => (column[x] as number) <= 1;
  const gaps: number[] = [];
  for (let k = 0; k + 1 < centres.length; k++) {
    const from = Math.max(0, Math.round(centres[k] as number));
    const to = Math.min(width - 1, Math.round(centres[k + 1] as number));
    let best = 0;
    let run = 0;
    for (let x = from; x <= to; x++) {
      run = blank(x) ? run + 1 : 0;
      if (run > best) best = run;
    }
    gaps.push(best);
  }
  return { gaps, inkHeight };
}

/** The grey level below which `share` of the pixels lie. */
function percentile(histogram: number[], total: number, share: number): number {
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v] as number;
    if (seen >= total * share) return v;
  }
  return 255;
}

function otsu(histogram: number[], total: number): number {
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * (histogram[v] as number);
  let sumBackground = 0;
  let weightBackground = 0;
  let best = 0;
  let threshold = 128;
  for (let v = 0; v < 256; v++) {
    weightBackground += histogram[v] as number;
    if (weightBackground === 0) continue;
    const weightForeground = total - weightBackground;
    if (weightForeground === 0) break;
    sumBackground += v * (histogram[v] as number);
    const meanBackground = sumBackground / weightBackground;
    const meanForeground = (sum - sumBackground) / weightForeground;
    const between = weightBackground * weightForeground * (meanBackground - meanForeground) ** 2;
    if (between > best) {
      best = between;
      threshold = v + 1;
    }
  }
  return threshold;
}

/** Geometry shared by the SVG charts: one drawing area, a y scale from 0 to a round maximum. */
export const WIDTH = 640;
export const HEIGHT = 240;
export const MARGIN = { top: 12, right: 16, bottom: 36, left: 64 };
export const PLOT = { x0: MARGIN.left, x1: WIDTH - MARGIN.right, y0: MARGIN.top, y1: HEIGHT - MARGIN.bottom };

/** Series colours: distinct, each at least 4.5:1 against white. */
export const COLOURS = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0f766e"];

export const colourOf = (index: number) => COLOURS[index % COLOURS.length] ?? "#111827";

/** The smallest "round" number (1, 2, 2.5, 5 x 10^n) at or above `max`; 1 for nothing to show. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= max) ?? 10;
  return step * magnitude;
}

/** Maps a value in [0, top] to a y coordinate in the plot area. */
export function yScale(top: number) {
  return (value: number) => PLOT.y1 - (Math.max(0, value) / top) * (PLOT.y1 - PLOT.y0);
}

/** Four evenly spaced ticks from 0 to top. */
export const yTicks = (top: number) => [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);

export type TSeries = { name: string; values: (number | null)[] };

/** The largest value of all series (nulls are gaps, not zeros). */
export const maxOf = (series: TSeries[]) => Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));

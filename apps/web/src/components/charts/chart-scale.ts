/** Geometry shared by the SVG charts: one drawing area, a y scale from 0 to a round maximum. */
// About the width a chart gets on the page, so 12-unit text shows at about 12 px.
export const WIDTH = 480;
export const HEIGHT = 220;
export const MARGIN = { top: 12, right: 12, bottom: 30, left: 56 };
export const PLOT = { x0: MARGIN.left, x1: WIDTH - MARGIN.right, y0: MARGIN.top, y1: HEIGHT - MARGIN.bottom };

/** Series colours: distinct, each at least 4.5:1 against white. */
export const COLOURS = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0f766e"];

export const colourOf = (index: number) => COLOURS[index % COLOURS.length] ?? "#111827";

/**
 * The top of the y axis: four round steps (1, 2, 2.5 or 5 x 10^n each; whole 1, 2, 5 x 10^n for
 * counts) that reach `max`, so the grid lines fall on readable values; 1 with nothing to show.
 */
export function niceMax(max: number, opts: { integer?: boolean } = {}): number {
  if (!(max > 0)) return opts.integer ? 4 : 1;
  const rough = max / 4;
  if (opts.integer && rough <= 1) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const steps = opts.integer ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  const step = steps.find((m) => m * magnitude >= rough) ?? 10;
  return step * magnitude * 4;
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

import type { ReactNode } from "react";
import { ChartFrame, type TChartTable } from "./chart-frame";
import { HEIGHT, maxOf, niceMax, WIDTH, yScale, type TSeries } from "./chart-scale";
import { YAxis } from "./y-axis";

/** What every chart takes besides its x values: the frame's words, the series and the y axis. */
export type TChartProps = {
  id: string;
  title: string;
  summary: string;
  series: TSeries[];
  format: (value: number) => string;
  /** The y axis' top when it is fixed (1 for rates); otherwise a round value above the largest. */
  top?: number;
  /** Counts: grid lines on whole numbers. */
  integer?: boolean;
  table: TChartTable;
  empty?: string;
};

/** A chart's frame and SVG with its y axis drawn; `children` draws the marks with the y scale. */
export function Plot(props: TChartProps & { children: (y: (value: number) => number) => ReactNode }) {
  const top = props.top ?? niceMax(maxOf(props.series), { integer: props.integer });
  return (
    <ChartFrame id={props.id} title={props.title} summary={props.summary} legend={props.series.map((s) => s.name)} table={props.table} empty={props.empty}>
      {({ titleId, descId }) => (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId} aria-describedby={descId} width="100%">
          <YAxis top={top} format={props.format} />
          {props.children(yScale(top))}
        </svg>
      )}
    </ChartFrame>
  );
}

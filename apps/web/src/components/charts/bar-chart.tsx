import { ChartFrame, type TChartTable } from "./chart-frame";
import { colourOf, HEIGHT, maxOf, niceMax, PLOT, WIDTH, yScale, type TSeries } from "./chart-scale";
import { YAxis } from "./y-axis";

/** Grouped vertical bars: one group per category, one bar per series. */
export function BarChart(props: {
  id: string;
  title: string;
  summary: string;
  categories: string[];
  series: TSeries[];
  format: (value: number) => string;
  /** The y axis' top when it is fixed (1 for rates); otherwise a round value above the largest. */
  top?: number;
  /** Counts: grid lines on whole numbers. */
  integer?: boolean;
  table: TChartTable;
  empty?: string;
}) {
  const top = props.top ?? niceMax(maxOf(props.series), { integer: props.integer });
  const y = yScale(top);
  const groupWidth = (PLOT.x1 - PLOT.x0) / Math.max(1, props.categories.length);
  const barWidth = Math.max(2, (groupWidth * 0.8) / Math.max(1, props.series.length));
  // Long category lists (days) label every few groups so the labels do not overlap.
  const labelEvery = Math.ceil(props.categories.length / 10);
  return (
    <ChartFrame id={props.id} title={props.title} summary={props.summary} legend={props.series.map((s) => s.name)} table={props.table} empty={props.empty}>
      {({ titleId, descId }) => (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId} aria-describedby={descId} width="100%">
          <YAxis top={top} format={props.format} />
          {props.categories.map((category, c) => {
            const x0 = PLOT.x0 + c * groupWidth + groupWidth * 0.1;
            return (
              <g key={category}>
                {props.series.map((s, i) => {
                  const value = s.values[c];
                  if (value === null || value === undefined) return null;
                  return (
                    <rect
                      key={s.name}
                      data-mark="bar"
                      x={x0 + i * barWidth}
                      y={y(value)}
                      width={barWidth - 1}
                      // A zero still shows as a hairline, so "none" reads differently from "no data".
                      height={Math.max(1, PLOT.y1 - y(value))}
                      fill={colourOf(i)}
                    >
                      <title>{`${s.name}, ${category}: ${props.format(value)}`}</title>
                    </rect>
                  );
                })}
                {c % labelEvery === 0 && (
                  <text x={x0 + groupWidth * 0.4} y={PLOT.y1 + 16} textAnchor="middle" fontSize="12" fill="#374151">
                    {category}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      )}
    </ChartFrame>
  );
}

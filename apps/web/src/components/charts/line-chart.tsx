import { ChartFrame, type TChartTable } from "./chart-frame";
import { colourOf, HEIGHT, maxOf, niceMax, PLOT, WIDTH, yScale, type TSeries } from "./chart-scale";
import { YAxis } from "./y-axis";

/**
 * Lines over a numeric x (a day's index, a time in ms), a dot at every value; nulls break the line
 * (no data that day, not zero). A single point still shows as its dot.
 */
export function LineChart(props: {
  id: string;
  title: string;
  summary: string;
  x: number[];
  xLabel: (x: number) => string;
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
  const xMin = Math.min(...props.x);
  const xMax = Math.max(...props.x);
  const xOf = (x: number) => (xMax === xMin ? (PLOT.x0 + PLOT.x1) / 2 : PLOT.x0 + ((x - xMin) / (xMax - xMin)) * (PLOT.x1 - PLOT.x0));
  const ticks = props.x.length ? [...new Set([xMin, props.x[Math.floor(props.x.length / 2)] ?? xMin, xMax])] : [];
  return (
    <ChartFrame id={props.id} title={props.title} summary={props.summary} legend={props.series.map((s) => s.name)} table={props.table} empty={props.empty}>
      {({ titleId, descId }) => (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId} aria-describedby={descId} width="100%">
          <YAxis top={top} format={props.format} />
          {ticks.map((tick, i) => (
            <text
              key={tick}
              x={xOf(tick)}
              y={PLOT.y1 + 16}
              textAnchor={ticks.length > 1 && i === 0 ? "start" : ticks.length > 1 && i === ticks.length - 1 ? "end" : "middle"}
              fontSize="12"
              fill="#374151"
            >
              {props.xLabel(tick)}
            </text>
          ))}
          {props.series.map((s, i) => {
            const points = props.x.flatMap((x, k) => {
              const value = s.values[k];
              return value === null || value === undefined ? [] : [{ x, value, k }];
            });
            // One path per run of consecutive values.
            const runs: string[] = [];
            let run = "";
            props.x.forEach((x, k) => {
              const value = s.values[k];
              if (value === null || value === undefined) {
                if (run) runs.push(run);
                run = "";
                return;
              }
              run += `${run ? "L" : "M"}${xOf(x).toFixed(1)},${y(value).toFixed(1)}`;
            });
            if (run) runs.push(run);
            return (
              <g key={s.name}>
                {runs.map((d) => (
                  <path key={d} d={d} fill="none" stroke={colourOf(i)} strokeWidth="2" data-mark="line" />
                ))}
                {points.map((p) => (
                  <circle key={p.k} cx={xOf(p.x)} cy={y(p.value)} r={3} fill={colourOf(i)} data-mark="point">
                    <title>{`${s.name}, ${props.xLabel(p.x)}: ${props.format(p.value)}`}</title>
                  </circle>
                ))}
              </g>
            );
          })}
        </svg>
      )}
    </ChartFrame>
  );
}

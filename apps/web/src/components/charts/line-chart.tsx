import { colourOf, PLOT } from "./chart-scale";
import { Plot, type TChartProps } from "./plot";

/**
 * Lines over a numeric x (a day's index, a time in ms), a dot at every value; nulls break the line
 * (no data that day, not zero). A single point still shows as its dot.
 */
export function LineChart(props: TChartProps & { x: number[]; xLabel: (x: number) => string }) {
  const xMin = Math.min(...props.x);
  const xMax = Math.max(...props.x);
  const xOf = (x: number) => (xMax === xMin ? (PLOT.x0 + PLOT.x1) / 2 : PLOT.x0 + ((x - xMin) / (xMax - xMin)) * (PLOT.x1 - PLOT.x0));
  const ticks = props.x.length ? [...new Set([xMin, props.x[Math.floor(props.x.length / 2)] ?? xMin, xMax])] : [];
  return (
    <Plot {...props}>
      {(y) => (
        <>
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
        </>
      )}
    </Plot>
  );
}

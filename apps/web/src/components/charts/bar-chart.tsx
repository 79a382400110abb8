import { colourOf, PLOT } from "./chart-scale";
import { Plot, type TChartProps } from "./plot";

/** Grouped vertical bars: one group per category, one bar per series. */
export function BarChart(props: TChartProps & { categories: string[] }) {
  const groupWidth = (PLOT.x1 - PLOT.x0) / Math.max(1, props.categories.length);
  const barWidth = Math.max(2, (groupWidth * 0.8) / Math.max(1, props.series.length));
  // Long category lists (days) label every few groups so the labels do not overlap.
  const labelEvery = Math.ceil(props.categories.length / 10);
  return (
    <Plot {...props}>
      {(y) =>
        props.categories.map((category, c) => {
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
        })
      }
    </Plot>
  );
}

import { PLOT, yScale, yTicks } from "./chart-scale";

/** Horizontal grid lines with their values on the left. */
export function YAxis({ top, format }: { top: number; format: (value: number) => string }) {
  const y = yScale(top);
  return (
    <g>
      {yTicks(top).map((tick) => (
        <g key={tick}>
          <line x1={PLOT.x0} x2={PLOT.x1} y1={y(tick)} y2={y(tick)} stroke={tick === 0 ? "#4b5563" : "#e5e7eb"} />
          <text x={PLOT.x0 - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle" fontSize="12" fill="#374151">
            {format(tick)}
          </text>
        </g>
      ))}
    </g>
  );
}

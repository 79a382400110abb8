import type { ReactNode } from "react";
import styles from "./charts.module.css";
import { colourOf } from "./chart-scale";

export type TChartTable = { columns: string[]; rows: string[][] };

/**
 * One chart as a figure: a heading, a sentence summing it up (the SVG's description), the SVG,
 * a legend, and the numbers as a table for anyone who cannot see the picture. With no data, a
 * sentence says so instead of an empty drawing.
 */
export function ChartFrame(props: {
  id: string;
  title: string;
  summary: string;
  legend?: string[];
  table: TChartTable;
  empty?: string;
  children: (ids: { titleId: string; descId: string }) => ReactNode;
}) {
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  return (
    <figure className={styles.figure} data-testid="chart" data-chart={props.id} data-empty={props.empty ? "true" : "false"} aria-labelledby={titleId}>
      <figcaption>
        <h2 id={titleId} className={styles.title}>
          {props.title}
        </h2>
        <p id={descId} className={styles.summary}>
          {props.empty ?? props.summary}
        </p>
      </figcaption>
      {!props.empty && props.children({ titleId, descId })}
      {!props.empty && props.legend && props.legend.length > 1 && (
        <ul className={styles.legend} aria-hidden="true">
          {props.legend.map((name, i) => (
            <li key={name}>
              <svg width="12" height="12" viewBox="0 0 12 12" focusable="false">
                <rect width="12" height="12" rx="2" fill={colourOf(i)} />
              </svg>
              {name}
            </li>
          ))}
        </ul>
      )}
      {!props.empty && (
        <details className={styles.details}>
          <summary>Numbers behind “{props.title}”</summary>
          <table className={styles.table}>
            <thead>
              <tr>
                {props.table.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) =>
                    c === 0 ? (
                      <th key={c} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={c}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

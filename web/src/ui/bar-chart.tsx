import { useId } from 'react';

/** Colours with ≥ 3:1 contrast on white, told apart by the legend's text as well. */
const COLOURS = ['#0b5cad', '#7a4b00', '#1d6b33', '#6b2fa0', '#a4161a', '#00606b'];

/** One group of bars (a year, an HEI): its label and one value per series. */
export interface BarGroup {
  label: string;
  values: readonly (number | null | undefined)[];
}

/**
 * A grouped bar chart in plain SVG (no chart library in the page's load): one group per
 * `groups` item, one bar per series, a legend with the series' names. `threshold`, when given,
 * is drawn as a dashed line with its label. Used by the pipeline and the regional indicators.
 */
export function BarChart({
  title,
  series,
  groups,
  threshold,
}: {
  /** The chart's accessible name. */
  title: string;
  /** Series names, in the order of each group's `values`. */
  series: readonly string[];
  groups: readonly BarGroup[];
  threshold?: { value: number; label: string };
}) {
  const titleId = useId();
  const max = Math.max(1, threshold?.value ?? 0, ...groups.flatMap((g) => g.values.map((v) => v ?? 0)));
  const barWidth = 18;
  const groupWidth = Math.max(120, series.length * barWidth + 24);
  const height = 220;
  const legendRows = Math.ceil(series.length / 3);
  const width = Math.max(groups.length * groupWidth + 40, 620);
  const y = (v: number) => height - (v / max) * height;
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${width} ${height + 40 + legendRows * 22}`} width={width} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{title}</title>
        {groups.map((g, i) => (
          <g key={`${g.label}-${i}`} transform={`translate(${30 + i * groupWidth},0)`}>
            {series.map((s, j) => {
              const v = g.values[j] ?? 0;
              return <rect key={s} x={j * barWidth} y={y(v)} width={barWidth - 2} height={height - y(v)} fill={COLOURS[j % COLOURS.length]} />;
            })}
            <text x={(series.length * barWidth) / 2} y={height + 16} textAnchor="middle">
              {g.label.length > 18 ? `${g.label.slice(0, 17)}…` : g.label}
            </text>
          </g>
        ))}
        {threshold ? (
          <g>
            <line x1={20} x2={width - 10} y1={y(threshold.value)} y2={y(threshold.value)} stroke="#222" strokeDasharray="6 4" />
            <text x={width - 10} y={y(threshold.value) - 4} textAnchor="end">
              {threshold.label}
            </text>
          </g>
        ) : null}
        {series.map((s, j) => (
          <g key={s} transform={`translate(${30 + (j % 3) * 200},${height + 36 + Math.floor(j / 3) * 22})`}>
            <rect width="14" height="14" fill={COLOURS[j % COLOURS.length]} />
            <text x="20" y="12">
              {s}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

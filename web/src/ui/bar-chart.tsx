import { useId } from 'react';

/** Colours with ≥ 3:1 contrast on white, told apart by the legend's text as well. */
const COLOURS = ['#0b5cad', '#7a4b00', '#1d6b33', '#6b2fa0', '#a4161a', '#00606b'];

/** One group of bars (a year, an HEI): its label (one line per part) and one value per series. */
export interface BarGroup {
  label: string | readonly string[];
  values: readonly (number | null | undefined)[];
}

/** Characters of a label line that fit under a group (12 px system font, about 7 px a character). */
const fitting = (text: string, width: number) => {
  const max = Math.max(4, Math.floor(width / 7));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};

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
  const lines = (g: BarGroup) => (typeof g.label === 'string' ? [g.label] : g.label);
  const labelLines = Math.max(1, ...groups.map((g) => lines(g).length));
  const legendTop = height + 24 + labelLines * 14;
  const y = (v: number) => height - (v / max) * height;
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${width} ${legendTop + legendRows * 22}`} width={width} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{title}</title>
        {groups.map((g, i) => (
          <g key={i} transform={`translate(${30 + i * groupWidth},0)`}>
            {series.map((s, j) => {
              const v = g.values[j] ?? 0;
              const x = (groupWidth - 12 - series.length * barWidth) / 2 + j * barWidth;
              return <rect key={s} x={x} y={y(v)} width={barWidth - 2} height={height - y(v)} fill={COLOURS[j % COLOURS.length]} />;
            })}
            <text y={height + 16} textAnchor="middle">
              {lines(g).map((line, k) => (
                <tspan key={k} x={(groupWidth - 12) / 2} dy={k ? 14 : 0}>
                  {fitting(line, groupWidth - 12)}
                </tspan>
              ))}
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
          <g key={s} transform={`translate(${30 + (j % 3) * 200},${legendTop + Math.floor(j / 3) * 22 - 14})`}>
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

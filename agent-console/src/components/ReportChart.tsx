/**
 * A grouped bar chart drawn as plain SVG, for the Reports page. No chart library: the page's
 * charts are bar charts of a few dozen values, which SVG draws in a few lines, with nothing to
 * download, nothing that needs a canvas (a canvas shows a screen reader nothing), and styles from
 * the console's own sheet. The chart is an image with a text name; its data table, right after
 * it, is the accessible alternative (and the CSV).
 */
import { useId } from 'react';

export interface ChartSeries {
  name: string;
  values: readonly number[];
}

interface Props {
  title: string;
  /** One label per bar group (x axis). */
  labels: readonly string[];
  series: readonly ChartSeries[];
  /** Says where the figures are in words (the table below). */
  tableNote: string;
  locale: string;
}

const WIDTH = 720;
const HEIGHT = 220;
const LEFT = 44;
const BOTTOM = 28;
const TOP = 10;
/** At most this many x-axis labels are written (every k-th beyond). */
const LABELS_SHOWN = 16;

export function ReportChart({ title, labels, series, tableNote, locale }: Props) {
  const id = useId();
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const plotWidth = WIDTH - LEFT - 8;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const groupWidth = labels.length === 0 ? plotWidth : plotWidth / labels.length;
  const barWidth = Math.max(1, (groupWidth * 0.8) / Math.max(1, series.length));
  const every = Math.max(1, Math.ceil(labels.length / LABELS_SHOWN));
  const number = new Intl.NumberFormat(locale);
  const y = (value: number) => TOP + plotHeight - (value / max) * plotHeight;
  return (
    <figure className="report-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-note`} preserveAspectRatio="xMinYMin meet">
        <line className="axis" x1={LEFT} y1={TOP + plotHeight} x2={WIDTH - 8} y2={TOP + plotHeight} />
        <line className="axis" x1={LEFT} y1={TOP} x2={LEFT} y2={TOP + plotHeight} />
        <text className="tick" x={LEFT - 6} y={TOP + 4} textAnchor="end">
          {number.format(max)}
        </text>
        <text className="tick" x={LEFT - 6} y={TOP + plotHeight} textAnchor="end">
          0
        </text>
        {labels.map((label, i) => (
          <g key={`${label}-${i}`}>
            {series.map((s, k) => {
              const value = s.values[i] ?? 0;
              return <rect key={s.name} className={`bar tone-${k}`} x={LEFT + i * groupWidth + groupWidth * 0.1 + k * barWidth} y={y(value)} width={barWidth} height={TOP + plotHeight - y(value)} />;
            })}
            {i % every === 0 && (
              <text className="tick" x={LEFT + i * groupWidth + groupWidth / 2} y={HEIGHT - 10} textAnchor="middle">
                {label}
              </text>
            )}
          </g>
        ))}
      </svg>
      <ul className="chart-legend">
        {series.map((s, k) => (
          <li key={s.name}>
            <span className={`swatch tone-${k}`} aria-hidden="true" /> {s.name}
          </li>
        ))}
      </ul>
      <p id={`${id}-note`} className="hint">
        {tableNote}
      </p>
    </figure>
  );
}

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { LiveEvent } from './live-session';

const COLOURS = ['#0b5cad', '#b3261e', '#1b7f3b', '#8a4b00', '#6a1b9a', '#00695c', '#37474f', '#ad1457'];

/** A boolean as the plot draws it: 1 or 0; numbers as they are; anything else as a gap. */
const asNumber = (v: unknown): number | null => (typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' ? v : null);

/**
 * A canvas plot (uPlot) of the judged signals over the run, seconds from its start: sample and
 * hold, one point per change. Events are folded in incrementally and drawn at most once per
 * animation frame, so a 50 Hz stream never makes the page fall behind. `upTo` replays the first
 * `upTo` events only (the scrubber).
 */
export function SignalPlot({
  events,
  version,
  tags,
  upTo,
  label,
}: {
  events: readonly LiveEvent[];
  version: number;
  tags: readonly string[];
  upTo?: number;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = useRef<{ xs: number[]; ys: (number | null)[][]; folded: number; t0: number | null; current: (number | null)[] }>({
    xs: [],
    ys: [],
    folded: 0,
    t0: null,
    current: [],
  });

  useEffect(() => {
    if (!host.current) return;
    data.current = { xs: [], ys: tags.map(() => []), folded: 0, t0: null, current: tags.map(() => null) };
    const width = Math.max(320, host.current.clientWidth || 640);
    plot.current = new uPlot(
      {
        width,
        height: 260,
        scales: { x: { time: false } },
        axes: [{ label: 's' }, {}],
        series: [{}, ...tags.map((tag, i) => ({ label: tag, stroke: COLOURS[i % COLOURS.length], width: 2, paths: uPlot.paths.stepped!({ align: 1 }) }))],
      },
      [[], ...tags.map(() => [])],
      host.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [tags.join('|')]);

  useEffect(() => {
    const d = data.current;
    const limit = Math.min(upTo ?? events.length, events.length);
    if (limit < d.folded) {
      // Scrubbed back: fold again from the start.
      d.xs = [];
      d.ys = tags.map(() => []);
      d.folded = 0;
      d.t0 = null;
      d.current = tags.map(() => null);
    }
    const drawn = d.xs.length;
    const refolded = d.folded === 0;
    for (; d.folded < limit; d.folded++) {
      const e = events[d.folded]!;
      if (e.type === 'snapshot') {
        d.t0 = e.at;
        const values = (e.details?.values ?? {}) as Record<string, unknown>;
        tags.forEach((tag, i) => (d.current[i] = asNumber(values[tag])));
      } else if (e.type === 'signal' && e.tag) {
        const i = tags.indexOf(e.tag);
        if (i < 0) continue;
        d.current[i] = asNumber(e.value);
      } else continue;
      if (d.t0 === null) continue;
      d.xs.push((e.at - d.t0) / 1000);
      d.current.forEach((v, i) => d.ys[i]!.push(v));
    }
    // Events of tags the plot does not draw (findings, actions, other signals): no new point, no redraw.
    if (d.xs.length === drawn && !refolded) return;
    plot.current?.setData([d.xs, ...d.ys] as uPlot.AlignedData);
    // Set on the element right away (not through a React render): tests and `npm run bench:classroom` read it.
    if (host.current) host.current.dataset.points = String(d.xs.length);
  }, [version, upTo, events, tags]);

  return <div ref={host} className="signal-plot" role="img" aria-label={label} data-testid="signal-plot" />;
}

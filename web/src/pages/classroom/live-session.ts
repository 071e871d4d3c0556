import { useEffect, useMemo, useRef, useState } from 'react';
import { graphql, subscribe } from '../../graphql';

/** The evidence stream of one session, resumed from the last seq after a reconnection. */
const SessionEvents = graphql(`
  subscription ClassroomSessionEvents($sessionId: ID!, $afterSeq: Int) {
    sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) {
      status
      events {
        seq
        at
        type
        tag
        value
        details
      }
    }
  }
`);

/** One evidence event as the page keeps it. */
export interface LiveEvent {
  seq: number;
  /** ms since epoch. */
  at: number;
  type: string;
  tag: string | null;
  value: unknown;
  details: Record<string, unknown> | null;
}

/**
 * Every event of a session in seq order, live: the subscription starts from seq 0 and, after a lost
 * socket, resumes from the last seq held (the API sends each seq once), so the list has no gap and
 * no duplicate. `version` changes whenever events arrive (the arrays are appended in place so a
 * 50 Hz stream costs no copies).
 */
export function useSessionEvents(sessionId: string | null) {
  const events = useRef<LiveEvent[]>([]);
  const last = useRef(0);
  const [status, setStatus] = useState<string>('RUNNING');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    events.current = [];
    last.current = 0;
    setStatus('RUNNING');
    if (!sessionId) return;
    let frame = 0;
    const bump = () => {
      // At most one re-render per animation frame, however fast the events come.
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion((v) => v + 1);
      });
    };
    const stop = subscribe(SessionEvents, () => ({ sessionId, afterSeq: last.current }), {
      next: (data) => {
        for (const e of data.sessionEvents.events) {
          if (e.seq <= last.current) continue;
          last.current = e.seq;
          events.current.push({
            seq: e.seq,
            at: Date.parse(e.at),
            type: e.type,
            tag: e.tag ?? null,
            value: e.value,
            details: (e.details as Record<string, unknown> | null) ?? null,
          });
        }
        setStatus(data.sessionEvents.status);
        bump();
      },
    });
    return () => {
      cancelAnimationFrame(frame);
      stop();
    };
  }, [sessionId]);
  return { events: events.current, status, version };
}

/** What the evidence up to a point says: values, steps, breaches, score. */
export interface RunView {
  values: Record<string, unknown>;
  /** stepId → active / done / timed-out. */
  steps: Record<string, 'active' | 'done' | 'timed-out'>;
  breached: string[];
  score: number;
  runStartedAt: number | null;
  lastAt: number | null;
}

/** Folds events `[0, upTo)` into what the panel and the live view draw. */
export function foldRun(events: readonly LiveEvent[], upTo = events.length): RunView {
  const view: RunView = { values: {}, steps: {}, breached: [], score: 0, runStartedAt: null, lastAt: null };
  foldInto(view, events, 0, Math.min(upTo, events.length));
  return view;
}

/** Folds events `[from, to)` into `view` (in place). */
function foldInto(view: RunView, events: readonly LiveEvent[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const e = events[i]!;
    view.lastAt = e.at;
    if (e.type === 'snapshot') {
      view.runStartedAt = e.at;
      Object.assign(view.values, (e.details?.values as Record<string, unknown>) ?? {});
    } else if (e.type === 'signal' && e.tag) view.values[e.tag] = e.value;
    else if (e.type === 'finding') {
      const f = e.details?.finding as { kind: string; stepId?: string; invariantId?: string; points?: number; penalty?: number } | undefined;
      if (!f) continue;
      if (f.kind === 'step-activated' && f.stepId) view.steps[f.stepId] = 'active';
      if (f.kind === 'step-completed' && f.stepId) {
        view.steps[f.stepId] = 'done';
        view.score += f.points ?? 0;
      }
      if (f.kind === 'step-timed-out' && f.stepId) view.steps[f.stepId] = 'timed-out';
      if (f.kind === 'invariant-broken' && f.invariantId) {
        view.breached.push(f.invariantId);
        view.score -= f.penalty ?? 0;
      }
    }
  }
}

/**
 * {@link foldRun} of a live list, kept up to date incrementally: each render folds only the events
 * that arrived since the last one (a 50 Hz stream over a 10-minute run would otherwise refold
 * tens of thousands of events per frame); scrubbing back refolds from the start.
 */
export function useRunView(events: readonly LiveEvent[], version: number, upTo = events.length): RunView {
  const kept = useRef<{ events: readonly LiveEvent[]; folded: number; view: RunView } | null>(null);
  return useMemo(() => {
    const limit = Math.min(upTo, events.length);
    let k = kept.current;
    if (!k || k.events !== events || limit < k.folded) {
      k = { events, folded: 0, view: { values: {}, steps: {}, breached: [], score: 0, runStartedAt: null, lastAt: null } };
      kept.current = k;
    }
    foldInto(k.view, events, k.folded, limit);
    k.folded = limit;
    // A fresh outer object per fold: what depends on the view re-renders.
    const v = k.view;
    return { ...v, values: { ...v.values }, steps: { ...v.steps }, breached: [...v.breached] };
  }, [events, version, upTo]);
}

/** Signal names a condition mentions (e.g. `held(MOTOR_RUNNING, 2s) and not GUARD_CLOSED`). */
export function signalsOf(conditions: readonly string[]): string[] {
  const names = new Set<string>();
  for (const c of conditions) for (const match of c.matchAll(/\b[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*\b/g)) names.add(match[0]);
  return [...names];
}

/** Row id behind a global id (`TrainingSession:<uuid>` in base64url). */
export function rowIdOf(globalId: string): string {
  const text = atob(globalId.replace(/-/g, '+').replace(/_/g, '/'));
  return text.slice(text.indexOf(':') + 1);
}

import { useEffect, useMemo, useState } from 'react';
import { graphql, request } from '../../graphql';
import { defineMessages, useLocalized, useT } from '../../i18n/i18n';
import { useRoute } from '../../router';
import { RequestFailed, useQuery } from '../../ui/request-state';
import { rowIdOf, signalsOf, useRunView, useSessionEvents } from './live-session';
import { SignalPlot } from './signal-plot';

const Session = graphql(`
  query ClassroomSession($id: ID!) {
    node(id: $id) {
      ... on TrainingSession {
        id
        status
        verdict
        score
        maxScore
        passMark
        startedAt
        runStartedAt
        endedAt
        student {
          id
          fullName
        }
        station {
          code
        }
        reasons {
          code
          stepId
          invariantId
          message
          title {
            kk
            ru
            en
          }
        }
        exercise {
          timeLimitMs
          title {
            kk
            ru
            en
          }
          instructions {
            kk
            ru
            en
          }
          steps {
            stepId
            points
            condition
            title {
              kk
              ru
              en
            }
          }
          invariants {
            invariantId
            condition
            title {
              kk
              ru
              en
            }
          }
        }
      }
    }
  }
`);

const Readiness = graphql(`
  query ClassroomSessionReadiness($studentId: ID!) {
    readinessRecords(studentId: $studentId, first: 100) {
      nodes {
        id
        sessionIds
        validUntil
        hazardCategory {
          code
          name {
            kk
            ru
            en
          }
        }
      }
    }
  }
`);

const m = defineMessages({
  steps: { kk: 'Қадамдар', ru: 'Шаги', en: 'Steps' },
  invariants: { kk: 'Қауіпсіздік ережелері', ru: 'Правила безопасности', en: 'Safety rules' },
  breached: { kk: 'бұзылды', ru: 'нарушено', en: 'breached' },
  kept: { kk: 'сақталды', ru: 'соблюдено', en: 'kept' },
  score: { kk: 'Ұпай: {score} / {max} (өту шегі {pass})', ru: 'Баллы: {score} из {max} (проходной {pass})', en: 'Score: {score} of {max} (pass mark {pass})' },
  left: { kk: 'Қалған уақыт: {s} с', ru: 'Осталось: {s} с', en: 'Time left: {s} s' },
  plot: { kk: 'Бағаланатын сигналдар', ru: 'Оцениваемые сигналы', en: 'Judged signals' },
  verdict: { kk: 'Қорытынды: {v}', ru: 'Итог: {v}', en: 'Verdict: {v}' },
  reasons: { kk: 'Себептері', ru: 'Причины', en: 'Reasons' },
  replay: { kk: 'Қайта көру: {n} оқиғаның {i}-і', ru: 'Повтор: событие {i} из {n}', en: 'Replay: event {i} of {n}' },
  readiness: { kk: 'Алынған дайындық', ru: 'Полученная готовность', en: 'Readiness earned' },
  until: { kk: '{d} дейін', ru: 'до {d}', en: 'until {d}' },
  noReadiness: {
    kk: 'Бұл өту әзірге ешбір дайындықты толықтырмайды (саясат басқа жаттығуларды да талап етеді).',
    ru: 'Этот проход пока не завершает ни одной готовности (политика требует и других упражнений).',
    en: 'This pass completes no readiness yet (the policy needs other exercises too).',
  },
  active: { kk: 'орындалуда', ru: 'выполняется', en: 'in progress' },
  done: { kk: 'орындалды', ru: 'выполнено', en: 'done' },
  'timed-out': { kk: 'уақыты өтті', ru: 'время вышло', en: 'timed out' },
  pending: { kk: 'күтуде', ru: 'ожидает', en: 'waiting' },
  RUNNING: { kk: 'жүріп жатыр', ru: 'идёт', en: 'running' },
  PASSED: { kk: 'өтті', ru: 'сдано', en: 'passed' },
  FAILED: { kk: 'өтпеді', ru: 'не сдано', en: 'failed' },
  INTERRUPTED: { kk: 'үзілді', ru: 'прервано (связь)', en: 'interrupted' },
  ABORTED: { kk: 'тоқтатылды', ru: 'прервано инструктором', en: 'aborted' },
});

type StatusKey = 'RUNNING' | 'PASSED' | 'FAILED' | 'INTERRUPTED' | 'ABORTED';

/** The live session view: steps lighting up, breaches, score, time left, the judged signals; then the verdict and a replay. */
export default function SessionPage() {
  const t = useT(m);
  const name = useLocalized();
  const id = useRoute().params.get('id') ?? '';
  const { events, status, version } = useSessionEvents(id || null);
  const q = useQuery(() => request(Session, { id }), [id, status]);
  const session = q.data?.node && 'exercise' in q.data.node ? q.data.node : null;
  const ended = status !== 'RUNNING' || (session && session.status !== 'RUNNING');
  const [cursor, setCursor] = useState<number | null>(null);
  const upTo = ended && cursor !== null ? cursor : events.length;
  const view = useRunView(events, version, upTo);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (ended) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [ended]);

  const exercise = session?.exercise;
  const tags = useMemo(() => {
    if (!exercise) return [];
    const named = signalsOf([...exercise.steps.map((s) => s.condition), ...exercise.invariants.map((i) => i.condition)]);
    return named.filter((n) => n in view.values && (typeof view.values[n] === 'boolean' || typeof view.values[n] === 'number'));
  }, [exercise, Object.keys(view.values).length]);
  const readiness = useQuery(
    () => (session?.status === 'PASSED' && session.student ? request(Readiness, { studentId: session.student.id }) : Promise.resolve(null)),
    [session?.status, session?.student?.id],
  );
  const earned = (readiness.data?.readinessRecords.nodes ?? []).filter((r) => session && r.sessionIds.includes(rowIdOf(session.id)));

  if (!session || !exercise) return <RequestFailed error={q.error} />;
  const runStart = view.runStartedAt;
  const leftS = runStart && !ended ? Math.max(0, Math.round((runStart + exercise.timeLimitMs - now) / 1000)) : null;
  const finalStatus = (session.status !== 'RUNNING' ? session.status : status) as StatusKey;

  return (
    <>
      <p>
        {session.student?.fullName ?? '—'} · {session.station?.code ?? '—'} · <strong>{name(exercise.title)}</strong>
      </p>
      <p role="status" aria-live="polite" data-testid="live-status" data-status={finalStatus}>
        {t('score', { score: view.score, max: session.maxScore ?? 0, pass: session.passMark ?? 0 })}
        {leftS !== null ? ` · ${t('left', { s: leftS })}` : ''}
      </p>
      <section aria-labelledby="steps-title">
        <h2 id="steps-title">{t('steps')}</h2>
        <ol className="steps" data-testid="steps">
          {exercise.steps.map((s) => {
            const state = view.steps[s.stepId] ?? 'pending';
            return (
              <li key={s.stepId} data-step={s.stepId} data-state={state} className={`step ${state}`}>
                {name(s.title)} — {t(state)} ({s.points})
              </li>
            );
          })}
        </ol>
      </section>
      <section aria-labelledby="inv-title">
        <h2 id="inv-title">{t('invariants')}</h2>
        <ul data-testid="invariants">
          {exercise.invariants.map((i) => (
            <li key={i.invariantId} data-invariant={i.invariantId} className={view.breached.includes(i.invariantId) ? 'bad' : 'ok'}>
              {name(i.title)} — {view.breached.includes(i.invariantId) ? t('breached') : t('kept')}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="plot-title">
        <h2 id="plot-title">{t('plot')}</h2>
        <SignalPlot events={events} version={version} tags={tags} upTo={upTo} label={t('plot')} />
        {ended && events.length > 0 ? (
          <label className="field">
            <span>{t('replay', { i: upTo, n: events.length })}</span>
            <input type="range" min={0} max={events.length} value={upTo} onChange={(e) => setCursor(Number(e.target.value))} data-testid="scrubber" />
          </label>
        ) : null}
      </section>
      {ended ? (
        <section aria-labelledby="verdict-title" data-testid="verdict" data-verdict={finalStatus}>
          <h2 id="verdict-title">{t('verdict', { v: t(finalStatus) })}</h2>
          <p>{t('score', { score: session.score ?? 0, max: session.maxScore ?? 0, pass: session.passMark ?? 0 })}</p>
          {session.reasons.length ? (
            <>
              <h3>{t('reasons')}</h3>
              <ul data-testid="reasons">
                {session.reasons.map((r, i) => (
                  <li key={i} data-code={r.code}>
                    {r.title ? name(r.title) : r.code}: {r.message}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {earned.length ? (
            <>
              <h3>{t('readiness')}</h3>
              <ul data-testid="readiness">
                {earned.map((r) => (
                  <li key={r.id} data-hazard={r.hazardCategory.code}>
                    {name(r.hazardCategory.name)} — {t('until', { d: r.validUntil ? new Date(r.validUntil).toLocaleDateString() : '—' })}
                  </li>
                ))}
              </ul>
            </>
          ) : finalStatus === 'PASSED' && readiness.data ? (
            <p data-testid="no-readiness">{t('noReadiness')}</p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

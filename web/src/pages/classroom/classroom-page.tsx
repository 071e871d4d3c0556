import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { graphql, request, subscribe } from '../../graphql';
import { defineMessages, useLocalized, useT } from '../../i18n/i18n';
import { hrefOf } from '../../router';
import { useSigned } from '../../session';
import { ErrorList, errorsFor, otherErrors, type FieldError } from '../../ui/form';
import { RequestFailed, useQuery } from '../../ui/request-state';

const Classroom = graphql(`
  query Classroom($heiId: ID!, $statuses: [SessionStatus!]) {
    stations(first: 100) {
      nodes {
        id
        code
        name
        kind
        standIn
        health {
          connected
          roundTripMs
          errorCount
        }
        runningSession {
          id
          startedAt
          student {
            fullName
          }
          exercise {
            title {
              kk
              ru
              en
            }
          }
        }
      }
    }
    exercises(first: 100) {
      nodes {
        id
        exerciseId
        version
        stationKind
        title {
          kk
          ru
          en
        }
      }
    }
    people(first: 100, filter: { organizationId: $heiId, role: STUDENT }) {
      nodes {
        id
        fullName
      }
    }
    trainingSessions(first: 50, filter: { statuses: $statuses }) {
      nodes {
        id
        status
        score
        startedAt
        student {
          fullName
        }
        station {
          code
        }
        exercise {
          title {
            kk
            ru
            en
          }
        }
      }
    }
  }
`);

const Health = graphql(`
  subscription ClassroomHealth {
    stationHealth {
      stationId
      health {
        connected
        roundTripMs
        errorCount
      }
    }
  }
`);

const StartSession = graphql(`
  mutation ClassroomStart($input: StartSessionInput!) {
    startSession(input: $input) {
      session {
        id
      }
      userErrors {
        code
        field
        message
        localizedMessage {
          kk
          ru
          en
        }
      }
    }
  }
`);

const AbortSession = graphql(`
  mutation ClassroomAbort($input: AbortSessionInput!) {
    abortSession(input: $input) {
      session {
        id
        status
      }
      userErrors {
        code
        field
        message
        localizedMessage {
          kk
          ru
          en
        }
      }
    }
  }
`);

const m = defineMessages({
  stations: { kk: 'Стендтер', ru: 'Стенды', en: 'Stations' },
  station: { kk: 'Стенд', ru: 'Стенд', en: 'Station' },
  link: { kk: 'Байланыс', ru: 'Связь', en: 'Link' },
  connected: { kk: 'қосылған, {ms} мс', ru: 'на связи, {ms} мс', en: 'connected, {ms} ms' },
  disconnected: { kk: 'байланыс жоқ', ru: 'нет связи', en: 'not connected' },
  errors: { kk: 'Қателер', ru: 'Ошибки', en: 'Errors' },
  running: { kk: 'Кім не орындап жатыр', ru: 'Кто что выполняет', en: 'Who is running what' },
  free: { kk: 'бос', ru: 'свободен', en: 'free' },
  open: { kk: 'ашу', ru: 'открыть', en: 'open' },
  abort: { kk: 'Тоқтату', ru: 'Прервать', en: 'Abort' },
  start: { kk: 'Сеансты бастау', ru: 'Начать сеанс', en: 'Start a session' },
  exercise: { kk: 'Жаттығу', ru: 'Упражнение', en: 'Exercise' },
  student: { kk: 'Студент', ru: 'Студент', en: 'Student' },
  choose: { kk: '— таңдаңыз —', ru: '— выберите —', en: '— choose —' },
  submit: { kk: 'Бастау', ru: 'Начать', en: 'Start' },
  history: { kk: 'Сеанстар тарихы', ru: 'История сеансов', en: 'Sessions history' },
  status: { kk: 'Күйі', ru: 'Статус', en: 'Status' },
  all: { kk: 'барлығы', ru: 'все', en: 'all' },
  score: { kk: 'Ұпай', ru: 'Баллы', en: 'Score' },
  when: { kk: 'Басталды', ru: 'Начат', en: 'Started' },
  standIn: { kk: 'имитатор', ru: 'имитатор', en: 'stand-in' },
  RUNNING: { kk: 'жүріп жатыр', ru: 'идёт', en: 'running' },
  PASSED: { kk: 'өтті', ru: 'сдано', en: 'passed' },
  FAILED: { kk: 'өтпеді', ru: 'не сдано', en: 'failed' },
  INTERRUPTED: { kk: 'үзілді', ru: 'прервано (связь)', en: 'interrupted' },
  ABORTED: { kk: 'тоқтатылды', ru: 'прервано инструктором', en: 'aborted' },
});

type Status = 'RUNNING' | 'PASSED' | 'FAILED' | 'INTERRUPTED' | 'ABORTED';
const STATUSES: Status[] = ['RUNNING', 'PASSED', 'FAILED', 'INTERRUPTED', 'ABORTED'];

/** Lab instructor: every station with live link health and who runs what; start and abort sessions; the history. */
export default function ClassroomPage() {
  const t = useT(m);
  const name = useLocalized();
  const signed = useSigned();
  const heiId = signed.graph.activeMembership?.organization?.id ?? '';
  const [filter, setFilter] = useState<Status | ''>('');
  const q = useQuery(() => request(Classroom, { heiId, statuses: filter ? [filter] : null }), [heiId, filter]);
  const [live, setLive] = useState<Record<string, { connected: boolean; roundTripMs?: number | null; errorCount: number }>>({});
  useEffect(
    () =>
      subscribe(
        Health,
        {},
        {
          next: (d) => setLive((h) => ({ ...h, [d.stationHealth.stationId]: d.stationHealth.health })),
        },
      ),
    [],
  );
  // A running session's status changes (verdict, interruption) reload the lists every few seconds.
  useEffect(() => {
    const timer = setInterval(() => q.reload(), 3000);
    return () => clearInterval(timer);
  }, [q.reload]);

  const stations = q.data?.stations.nodes ?? [];
  const exercises = q.data?.exercises.nodes ?? [];
  const students = q.data?.people.nodes ?? [];
  const [form, setForm] = useState({ stationId: '', exerciseId: '', studentId: '' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const kind = stations.find((s) => s.id === form.stationId)?.kind;
  const fitting = useMemo(() => exercises.filter((e) => !kind || e.stationKind === kind), [exercises, kind]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const res = await request(StartSession, { input: form });
    setErrors(res.startSession.userErrors as FieldError[]);
    if (res.startSession.session) q.reload();
  };
  const abort = async (sessionId: string) => {
    const res = await request(AbortSession, { input: { sessionId } });
    setErrors(res.abortSession.userErrors as FieldError[]);
    q.reload();
  };

  return (
    <>
      <RequestFailed error={q.error} />
      <section aria-labelledby="stations-title">
        <h2 id="stations-title">{t('stations')}</h2>
        <div className="table-wrap">
          <table data-testid="stations">
            <thead>
              <tr>
                <th scope="col">{t('station')}</th>
                <th scope="col">{t('link')}</th>
                <th scope="col">{t('errors')}</th>
                <th scope="col">{t('running')}</th>
              </tr>
            </thead>
            <tbody>
              {stations.map((s) => {
                const h = live[s.id] ?? s.health;
                return (
                  <tr key={s.id} data-station={s.code}>
                    <th scope="row">
                      {s.code} <span className="hint">{s.name}</span> {s.standIn ? <span className="badge">{t('standIn')}</span> : null}
                    </th>
                    <td data-testid="link" data-connected={h.connected ? 'true' : 'false'} className={h.connected ? 'ok' : 'bad'}>
                      {h.connected ? t('connected', { ms: Math.round(h.roundTripMs ?? 0) }) : t('disconnected')}
                    </td>
                    <td>{h.errorCount}</td>
                    <td>
                      {s.runningSession ? (
                        <>
                          {s.runningSession.student?.fullName ?? '—'} · {name(s.runningSession.exercise.title)}{' '}
                          <a href={hrefOf('session', { id: s.runningSession.id })}>{t('open')}</a>{' '}
                          <button type="button" onClick={() => void abort(s.runningSession!.id)}>
                            {t('abort')}
                          </button>
                        </>
                      ) : (
                        t('free')
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="start-title">
        <h2 id="start-title">{t('start')}</h2>
        <form onSubmit={(e) => void submit(e)} data-testid="start-session">
          <ErrorList errors={otherErrors(errors, ['stationId', 'exerciseId', 'studentId'])} />
          <label className="field">
            <span>{t('station')}</span>
            <select value={form.stationId} onChange={(e) => setForm({ ...form, stationId: e.target.value })} name="stationId" required>
              <option value="">{t('choose')}</option>
              {stations.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.code}
                </option>
              ))}
            </select>
            <ErrorList errors={errorsFor(errors, 'stationId')} />
          </label>
          <label className="field">
            <span>{t('exercise')}</span>
            <select value={form.exerciseId} onChange={(e) => setForm({ ...form, exerciseId: e.target.value })} name="exerciseId" required>
              <option value="">{t('choose')}</option>
              {fitting.map((e) => (
                <option key={e.id} value={e.id} data-exercise={e.exerciseId}>
                  {name(e.title)} (v{e.version})
                </option>
              ))}
            </select>
            <ErrorList errors={errorsFor(errors, 'exerciseId')} />
          </label>
          <label className="field">
            <span>{t('student')}</span>
            <select value={form.studentId} onChange={(e) => setForm({ ...form, studentId: e.target.value })} name="studentId" required>
              <option value="">{t('choose')}</option>
              {students.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.fullName}
                </option>
              ))}
            </select>
            <ErrorList errors={errorsFor(errors, 'studentId')} />
          </label>
          <button type="submit">{t('submit')}</button>
        </form>
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('history')}</h2>
        <label className="field narrow">
          <span>{t('status')}</span>
          <select value={filter} onChange={(e) => setFilter(e.target.value as Status | '')}>
            <option value="">{t('all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(s)}
              </option>
            ))}
          </select>
        </label>
        <div className="table-wrap">
          <table data-testid="history">
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('student')}</th>
                <th scope="col">{t('exercise')}</th>
                <th scope="col">{t('station')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('score')}</th>
              </tr>
            </thead>
            <tbody>
              {(q.data?.trainingSessions.nodes ?? []).map((s) => (
                <tr key={s.id}>
                  <td>
                    <a href={hrefOf('session', { id: s.id })}>{new Date(s.startedAt).toLocaleString()}</a>
                  </td>
                  <td>{s.student?.fullName ?? '—'}</td>
                  <td>{name(s.exercise.title)}</td>
                  <td>{s.station?.code ?? '—'}</td>
                  <td data-status={s.status}>{t(s.status as Status)}</td>
                  <td>{s.score ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

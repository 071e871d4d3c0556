import { useState } from 'react';
import { graphql, request, type ResultOf } from '../../graphql';
import { defineMessages, useLocalized, useT } from '../../i18n/i18n';
import { hrefOf } from '../../router';
import { useSigned } from '../../session';
import { DataTable, SelectField } from '../../ui/data-table';
import { useFormat } from '../../ui/format';
import { rowIdOf } from '../classroom/live-session';
import { useQuery } from '../../ui/request-state';

const Sessions = graphql(`
  query SessionsHistory($heiId: ID!, $filter: TrainingSessionFilter) {
    trainingSessions(first: 100, filter: $filter) {
      nodes {
        id
        status
        score
        maxScore
        startedAt
        student {
          id
          fullName
        }
        station {
          id
          code
        }
        exercise {
          exerciseId
          title {
            kk
            ru
            en
          }
        }
      }
    }
    stations(first: 100) {
      nodes {
        id
        code
      }
    }
    exercises(first: 100) {
      nodes {
        exerciseId
        version
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
  }
`);

const Earned = graphql(`
  query SessionsHistoryReadiness($studentId: ID!) {
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
  intro: {
    kk: 'Лабораторияның жаттығу сеанстары, ең жаңасы бірінші. Өткен сеанс берген дайындық оның жолында көрсетіледі.',
    ru: 'Сеансы упражнений лаборатории, новые первыми. У сданного сеанса показана готовность, которую он дал.',
    en: "The lab's training sessions, newest first. A passed session shows the readiness it earned.",
  },
  status: { kk: 'Күйі', ru: 'Статус', en: 'Status' },
  student: { kk: 'Студент', ru: 'Студент', en: 'Student' },
  exercise: { kk: 'Жаттығу', ru: 'Упражнение', en: 'Exercise' },
  station: { kk: 'Станция', ru: 'Станция', en: 'Station' },
  all: { kk: 'Барлығы', ru: 'Все', en: 'All' },
  when: { kk: 'Басталуы', ru: 'Начало', en: 'Started' },
  score: { kk: 'Ұпай', ru: 'Баллы', en: 'Score' },
  readiness: { kk: 'Алынған дайындық', ru: 'Полученная готовность', en: 'Readiness earned' },
  until: { kk: '{name}, {date} дейін', ru: '{name}, до {date}', en: '{name}, until {date}' },
  noReadiness: { kk: 'әзірге жоқ', ru: 'пока нет', en: 'none yet' },
  none: { kk: 'Сүзгіге сай сеанс жоқ.', ru: 'Нет сеансов под этот фильтр.', en: 'No session matches the filter.' },
  RUNNING: { kk: 'жүріп жатыр', ru: 'идёт', en: 'running' },
  PASSED: { kk: 'өтті', ru: 'сдано', en: 'passed' },
  FAILED: { kk: 'өтпеді', ru: 'не сдано', en: 'failed' },
  INTERRUPTED: { kk: 'үзілді', ru: 'прервано', en: 'interrupted' },
  ABORTED: { kk: 'тоқтатылды', ru: 'остановлено', en: 'aborted' },
});

type Status = 'RUNNING' | 'PASSED' | 'FAILED' | 'INTERRUPTED' | 'ABORTED';
const STATUSES: Status[] = ['RUNNING', 'PASSED', 'FAILED', 'INTERRUPTED', 'ABORTED'];
type Session = ResultOf<typeof Sessions>['trainingSessions']['nodes'][number];
type Earning = ResultOf<typeof Earned>['readinessRecords']['nodes'][number];

/** Lab instructor: the sessions history with filters, and the readiness each passed session earned. */
export default function SessionsPage() {
  const t = useT(m);
  const name = useLocalized();
  const { date, dateTime, number } = useFormat();
  const heiId = useSigned().graph.activeMembership?.organization?.id ?? '';
  const [filter, setFilter] = useState({ status: '', studentId: '', exerciseId: '', stationId: '' });
  const q = useQuery(
    () =>
      request(Sessions, {
        heiId,
        filter: {
          statuses: filter.status ? [filter.status as Status] : null,
          studentId: filter.studentId || null,
          exerciseId: filter.exerciseId || null,
          stationId: filter.stationId || null,
        },
      }),
    [heiId, filter],
  );
  const sessions = q.data?.trainingSessions.nodes ?? [];
  // Readiness records name the sessions they rest on: one request per student with a passed session in the list.
  const passedStudents = [...new Set(sessions.filter((s) => s.status === 'PASSED' && s.student).map((s) => s.student!.id))];
  const earned = useQuery(async () => {
    const bySession = new Map<string, Earning[]>();
    for (const res of await Promise.all(passedStudents.map((studentId) => request(Earned, { studentId })))) {
      for (const r of res.readinessRecords.nodes) for (const id of r.sessionIds) bySession.set(id, [...(bySession.get(id) ?? []), r]);
    }
    return bySession;
  }, [passedStudents.join()]);
  const exercises = [...new Map((q.data?.exercises.nodes ?? []).map((e) => [e.exerciseId, e])).values()];
  const on = (k: keyof typeof filter) => (e: { target: { value: string } }) => setFilter({ ...filter, [k]: e.target.value });
  const all = { value: '', text: t('all') };
  return (
    <>
      <p>{t('intro')}</p>
      <div className="row" data-testid="sessions-filters">
        <SelectField label={t('status')} value={filter.status} onChange={on('status')} options={[all, ...STATUSES.map((s) => ({ value: s, text: t(s) }))]} />
        <SelectField
          label={t('student')}
          value={filter.studentId}
          onChange={on('studentId')}
          options={[all, ...(q.data?.people.nodes ?? []).map((p) => ({ value: p.id, text: p.fullName }))]}
        />
        <SelectField
          label={t('exercise')}
          value={filter.exerciseId}
          onChange={on('exerciseId')}
          options={[all, ...exercises.map((e) => ({ value: e.exerciseId, text: name(e.title) }))]}
        />
        <SelectField
          label={t('station')}
          value={filter.stationId}
          onChange={on('stationId')}
          options={[all, ...(q.data?.stations.nodes ?? []).map((s) => ({ value: s.id, text: s.code }))]}
        />
      </div>
      <DataTable
        testId="sessions"
        status={q}
        rows={sessions}
        rowKey={(s) => s.id}
        rowData={(s) => ({ status: s.status })}
        empty={t('none')}
        columns={[
          { key: 'when', header: t('when'), cell: (s: Session) => <a href={hrefOf('session', { id: s.id })}>{dateTime(s.startedAt)}</a> },
          { key: 'student', header: t('student'), cell: (s: Session) => s.student?.fullName ?? '—' },
          { key: 'exercise', header: t('exercise'), cell: (s: Session) => name(s.exercise.title) },
          { key: 'station', header: t('station'), cell: (s: Session) => s.station?.code ?? '—' },
          {
            key: 'status',
            header: t('status'),
            cell: (s: Session) => (
              <span className={`status ${s.status === 'PASSED' ? 'ok' : s.status === 'RUNNING' ? '' : 'bad'}`}>{t(s.status as Status)}</span>
            ),
          },
          {
            key: 'score',
            header: t('score'),
            numeric: true,
            cell: (s: Session) => (s.score == null ? '—' : `${number(s.score)}${s.maxScore ? ` / ${number(s.maxScore)}` : ''}`),
          },
          {
            key: 'readiness',
            header: t('readiness'),
            cell: (s: Session) => {
              if (s.status !== 'PASSED') return '—';
              const records = earned.data?.get(rowIdOf(s.id)) ?? [];
              if (!records.length) return earned.data ? <span className="hint">{t('noReadiness')}</span> : '…';
              return (
                <ul className="plain" data-testid="session-readiness">
                  {records.map((r) => (
                    <li key={r.id} data-category={r.hazardCategory.code}>
                      {t('until', { name: name(r.hazardCategory.name), date: date(r.validUntil) })}
                    </li>
                  ))}
                </ul>
              );
            },
          },
        ]}
      />
    </>
  );
}

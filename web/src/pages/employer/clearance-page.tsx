import { useMemo, useState, type FormEvent } from 'react';
import { graphql, readFragment, request, type ResultOf } from '../../graphql';
import { defineMessages, useLocalized, useT } from '../../i18n/i18n';
import { useRoute } from '../../router';
import { useFormat } from '../../ui/format';
import { ErrorList, TextField, type FieldError } from '../../ui/form';
import { RequestFailed, useQuery } from '../../ui/request-state';
import { ClearanceFields, ClearanceView } from './clearance-view';

const Candidates = graphql(`
  query ClearanceCandidates {
    placements(first: 100, filter: { statuses: [PLANNED, CONFIRMED, ACTIVE, SUSPENDED] }) {
      nodes {
        id
        code
        status
        startDate
        endDate
        student {
          id
          fullName
        }
        workplace {
          id
          code
          site {
            kk
            ru
            en
          }
        }
      }
    }
  }
`);

const Check = graphql(
  `
    query ClearanceCheck($studentId: ID!, $workplaceId: ID!, $at: DateTimeISO) {
      clearance(studentId: $studentId, workplaceId: $workplaceId, at: $at) {
        clearance {
          ...ClearanceFields
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
  `,
  [ClearanceFields],
);

const m = defineMessages({
  intro: {
    kk: 'Студенттің аты-жөні немесе практика коды бойынша іздеп, жұмыс орнына рұқсатын тексеріңіз.',
    ru: 'Найдите студента по имени или по коду практики и проверьте его допуск к рабочему месту.',
    en: "Find a student by name or by placement code and check their clearance for the placement's workplace.",
  },
  search: { kk: 'Студент немесе практика коды', ru: 'Студент или код практики', en: 'Student or placement code' },
  searchHint: { kk: 'Кемінде 2 таңба', ru: 'Не менее 2 символов', en: 'At least 2 characters' },
  at: { kk: 'Қай күнге (бос болса — қазір)', ru: 'На дату (пусто — сейчас)', en: 'On date (empty: now)' },
  matches: { kk: 'Табылғандар', ru: 'Найдено', en: 'Matches' },
  none: { kk: 'Ештеңе табылмады.', ru: 'Ничего не найдено.', en: 'Nothing found.' },
  check: { kk: 'Тексеру', ru: 'Проверить', en: 'Check' },
  checking: { kk: 'Тексерілуде…', ru: 'Проверяем…', en: 'Checking…' },
  forWhom: { kk: '{student} — {workplace} ({code})', ru: '{student} — {workplace} ({code})', en: '{student} — {workplace} ({code})' },
});

type Candidate = ResultOf<typeof Candidates>['placements']['nodes'][number];

/** Employer / safety officer: is this student cleared for this placement's workplace? */
export default function ClearancePage() {
  const t = useT(m);
  const name = useLocalized();
  const { date } = useFormat();
  const route = useRoute();
  const candidates = useQuery(() => request(Candidates), []);
  const [search, setSearch] = useState(route.params.get('q') ?? '');
  const [at, setAt] = useState('');
  const [chosen, setChosen] = useState<Candidate>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ clearance?: ResultOf<typeof ClearanceFields>; errors: FieldError[] }>();
  const [failure, setFailure] = useState<unknown>();

  const matches = useMemo(() => {
    const q = search.trim().toLocaleLowerCase();
    if (q.length < 2) return [];
    return (candidates.data?.placements.nodes ?? []).filter(
      (p) => p.code.toLocaleLowerCase().includes(q) || p.student?.fullName.toLocaleLowerCase().includes(q),
    );
  }, [search, candidates.data]);

  async function check(candidate: Candidate, event?: FormEvent) {
    event?.preventDefault();
    if (!candidate.student || !candidate.workplace) return;
    setChosen(candidate);
    setBusy(true);
    setFailure(undefined);
    try {
      const { clearance } = await request(Check, {
        studentId: candidate.student.id,
        workplaceId: candidate.workplace.id,
        at: at ? new Date(`${at}T12:00:00Z`).toISOString() : null,
      });
      setResult({ clearance: clearance.clearance ? readFragment(ClearanceFields, clearance.clearance) : undefined, errors: clearance.userErrors });
    } catch (error) {
      setFailure(error);
      setResult(undefined);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p>{t('intro')}</p>
      <div className="row">
        <TextField
          label={t('search')}
          hint={t('searchHint')}
          type="search"
          name="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          autoComplete="off"
        />
        <TextField
          label={t('at')}
          type="date"
          name="at"
          value={at}
          onChange={(e) => setAt(e.target.value)}
          errors={result?.errors.filter((e) => e.field?.includes('at'))}
        />
      </div>
      <RequestFailed error={candidates.error} />
      {search.trim().length >= 2 ? (
        <section aria-labelledby="matches-title">
          <h2 id="matches-title">{t('matches')}</h2>
          {matches.length === 0 ? <p>{t('none')}</p> : null}
          <ul className="choices" data-testid="clearance-matches">
            {matches.map((p) => (
              <li key={p.id}>
                <button type="button" onClick={() => void check(p)} aria-pressed={chosen?.id === p.id} data-code={p.code}>
                  {t('forWhom', { student: p.student?.fullName ?? '—', workplace: name(p.workplace?.site) || (p.workplace?.code ?? '—'), code: p.code })} ·{' '}
                  {date(p.startDate)} – {date(p.endDate)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {busy ? (
        <p className="loading" role="status">
          {t('checking')}
        </p>
      ) : null}
      <RequestFailed error={failure} />
      {result ? <ErrorList errors={result.errors.filter((e) => !e.field?.includes('at'))} /> : null}
      {result?.clearance && chosen ? (
        <section aria-live="polite">
          <h2>{t('forWhom', { student: chosen.student?.fullName ?? '—', workplace: name(chosen.workplace?.site) || '—', code: chosen.code })}</h2>
          <ClearanceView clearance={result.clearance} />
        </section>
      ) : null}
    </>
  );
}

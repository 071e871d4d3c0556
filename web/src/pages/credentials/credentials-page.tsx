import { useState } from 'react';
import { graphql, request, type ResultOf } from '../../graphql';
import { defineMessages, useLocalized, useT } from '../../i18n/i18n';
import { useSigned } from '../../session';
import { DataTable } from '../../ui/data-table';
import { useFormat } from '../../ui/format';
import { useQuery } from '../../ui/request-state';

const Credentials = graphql(`
  query MyCredentials($studentId: ID) {
    readinessCredentials(first: 50, studentId: $studentId) {
      nodes {
        id
        jwt
        hazardCategories
        validFrom
        validUntil
        revokedAt
        student {
          fullName
        }
        issuer {
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
    kk: 'Дайындық пен рұқсат куәліктері. QR кодында қол қойылған куәліктің өзі (ықшам JWS) бар: жұмыс берушінің қауіпсіздік маманы оны «Куәлікті тексеру» бетінде камерамен оқиды, қолтаңба желісіз тексеріледі.',
    ru: 'Удостоверения готовности и допуска. QR-код содержит само подписанное удостоверение (компактный JWS): специалист по охране труда работодателя считывает его камерой на странице «Проверка удостоверения», подпись проверяется без сети.',
    en: "Readiness and clearance credentials. The QR code holds the signed credential itself (the compact JWS): the employer's safety officer scans it on the Verify a credential page, and its signature verifies without a network.",
  },
  student: { kk: 'Студент', ru: 'Студент', en: 'Student' },
  issuer: { kk: 'Беруші', ru: 'Издатель', en: 'Issuer' },
  categories: { kk: 'Қауіп санаттары', ru: 'Категории опасности', en: 'Hazard categories' },
  valid: { kk: 'Мерзімі', ru: 'Срок действия', en: 'Valid' },
  state: { kk: 'Күйі', ru: 'Состояние', en: 'State' },
  qr: { kk: 'QR коды', ru: 'QR-код', en: 'QR code' },
  show: { kk: 'QR кодын көрсету', ru: 'Показать QR-код', en: 'Show the QR code' },
  hide: { kk: 'Жасыру', ru: 'Скрыть', en: 'Hide' },
  alt: { kk: '{name} куәлігінің QR коды', ru: 'QR-код удостоверения: {name}', en: 'QR code of the credential of {name}' },
  tooLarge: {
    kk: 'QR кодына сыймайды: әр жұмыс орнына жеке куәлік беріңіз.',
    ru: 'Не помещается в QR-код: выдайте удостоверение на каждое рабочее место.',
    en: 'Too large for a QR code: issue one per workplace.',
  },
  current: { kk: 'жарамды', ru: 'действует', en: 'in force' },
  revoked: { kk: 'кері қайтарылды', ru: 'отозвано', en: 'revoked' },
  expired: { kk: 'мерзімі өтті', ru: 'истекло', en: 'expired' },
  none: { kk: 'Куәліктер әлі жоқ.', ru: 'Удостоверений пока нет.', en: 'No credentials yet.' },
});

type Credential = ResultOf<typeof Credentials>['readinessCredentials']['nodes'][number];
/** Largest compact JWS a QR code holds (version 40, error correction L, byte mode); as the API's. */
const QR_CAPACITY = 2953;

/** The QR code of a compact JWS as a PNG data URL, drawn by `qrcode` (loaded only when first asked for). */
async function qrOf(jwt: string): Promise<string> {
  const { toDataURL } = await import('qrcode');
  return toDataURL(jwt, { errorCorrectionLevel: 'L', margin: 2, scale: 4 });
}

function CredentialQr({ credential }: { credential: Credential }) {
  const t = useT(m);
  const [png, setPng] = useState<string>();
  if (credential.jwt.length > QR_CAPACITY) return <span className="hint">{t('tooLarge')}</span>;
  return png ? (
    <div className="qr">
      <img src={png} alt={t('alt', { name: credential.student?.fullName ?? '' })} data-testid="credential-qr" />
      <button type="button" onClick={() => setPng(undefined)}>
        {t('hide')}
      </button>
    </div>
  ) : (
    <button type="button" onClick={() => void qrOf(credential.jwt).then(setPng)}>
      {t('show')}
    </button>
  );
}

/** Student or HEI (and the coordinator, who issues too): the credentials they may see, each with its QR code. */
export default function CredentialsPage() {
  const t = useT(m);
  const name = useLocalized();
  const { date } = useFormat();
  const signed = useSigned();
  // A student asks for their own only: the list is the HEI's otherwise (what it issued).
  const studentId = signed.graph.activeMembership?.role === 'STUDENT' ? (signed.graph.person?.id ?? null) : null;
  const q = useQuery(() => request(Credentials, { studentId }), [studentId]);
  const now = Date.now();
  const stateOf = (c: Credential) => (c.revokedAt ? 'revoked' : new Date(c.validUntil).getTime() <= now ? 'expired' : 'current');
  return (
    <>
      <p>{t('intro')}</p>
      <DataTable
        testId="credentials"
        status={q}
        rows={q.data?.readinessCredentials.nodes ?? []}
        rowKey={(c) => c.id}
        rowData={(c) => ({ state: stateOf(c) })}
        empty={t('none')}
        columns={[
          { key: 'student', header: t('student'), rowHeader: true, cell: (c: Credential) => c.student?.fullName ?? '—' },
          { key: 'issuer', header: t('issuer'), cell: (c: Credential) => name(c.issuer?.name) || '—' },
          { key: 'categories', header: t('categories'), cell: (c: Credential) => c.hazardCategories.join(', ') },
          {
            key: 'valid',
            header: t('valid'),
            cell: (c: Credential) => (
              <>
                {date(c.validFrom)} – {date(c.validUntil)}
              </>
            ),
          },
          {
            key: 'state',
            header: t('state'),
            cell: (c: Credential) => <span className={`status ${stateOf(c) === 'current' ? 'ok' : 'bad'}`}>{t(stateOf(c))}</span>,
          },
          { key: 'qr', header: t('qr'), cell: (c: Credential) => <CredentialQr credential={c} /> },
        ]}
      />
    </>
  );
}

import { useState, type ChangeEvent, type FormEvent } from 'react';
import { graphql, request, type ResultOf } from '../../graphql';
import { defineMessages, useT } from '../../i18n/i18n';
import { DataTable } from '../../ui/data-table';
import { useFormat } from '../../ui/format';
import { TextArea, type FieldError } from '../../ui/form';
import { RequestFailed } from '../../ui/request-state';
import { QrScanner } from './qr-scanner';

const Verify = graphql(`
  query VerifyCredential($credential: String!) {
    verifyCredential(credential: $credential) {
      valid
      failure
      issuerId
      issuerName
      verifiedAt
      credential
      checks {
        check
        ok
        failure
        detail
      }
    }
  }
`);

const m = defineMessages({
  intro: {
    kk: 'Куәліктің JSON мәтінін қойыңыз, файлын таңдаңыз немесе QR кодын камерамен оқыңыз. Қолтаңба, беруші, мерзім және кері қайтарылуы тексеріледі.',
    ru: 'Вставьте JSON удостоверения, выберите его файл или считайте его QR-код камерой. Проверяются подпись, издатель, срок и отзыв.',
    en: 'Paste the credential JSON, choose its file or scan its QR code with the camera. The signature, the issuer, the validity period and revocation are checked.',
  },
  paste: { kk: 'Куәлік (JSON немесе JWT)', ru: 'Удостоверение (JSON или JWT)', en: 'Credential (JSON or JWT)' },
  file: { kk: 'Немесе файл', ru: 'Или файл', en: 'Or a file' },
  verify: { kk: 'Тексеру', ru: 'Проверить', en: 'Verify' },
  empty: { kk: 'Куәлікті қойыңыз немесе файлды таңдаңыз.', ru: 'Вставьте удостоверение или выберите файл.', en: 'Paste a credential or choose a file.' },
  valid: { kk: 'ЖАРАМДЫ', ru: 'ДЕЙСТВИТЕЛЬНО', en: 'VALID' },
  invalid: { kk: 'ЖАРАМСЫЗ', ru: 'НЕДЕЙСТВИТЕЛЬНО', en: 'NOT VALID' },
  issuer: { kk: 'Беруші: {name}', ru: 'Издатель: {name}', en: 'Issuer: {name}' },
  subject: { kk: 'Кімге: {name}', ru: 'Кому: {name}', en: 'Issued to: {name}' },
  check: { kk: 'Тексеріс', ru: 'Проверка', en: 'Check' },
  result: { kk: 'Нәтиже', ru: 'Результат', en: 'Result' },
  ok: { kk: 'өтті', ru: 'пройдена', en: 'passed' },
  FORMAT: { kk: 'Пішім', ru: 'Формат', en: 'Format' },
  SIGNATURE: { kk: 'Қолтаңба', ru: 'Подпись', en: 'Signature' },
  ISSUER: { kk: 'Беруші', ru: 'Издатель', en: 'Issuer' },
  VALIDITY: { kk: 'Мерзім', ru: 'Срок действия', en: 'Validity period' },
  REVOCATION: { kk: 'Кері қайтару', ru: 'Отзыв', en: 'Revocation' },
  EXPIRED: { kk: 'мерзімі өтті', ru: 'срок истёк', en: 'expired' },
  ISSUER_MISMATCH: { kk: 'беруші сәйкес емес', ru: 'издатель не совпадает', en: 'issuer does not match the key' },
  MALFORMED: { kk: 'DualHub куәлігі емес', ru: 'не удостоверение DualHub', en: 'not a DualHub credential' },
  NOT_IN_REGISTRY: { kk: 'тізілімде жоқ', ru: 'нет в реестре', en: 'not in the registry' },
  NOT_YET_VALID: { kk: 'әлі күшіне енбеген', ru: 'ещё не действует', en: 'not yet valid' },
  READINESS_REVOKED: { kk: 'дайындық кері қайтарылды', ru: 'готовность отозвана', en: 'readiness revoked' },
  REVOKED: { kk: 'кері қайтарылды', ru: 'отозвано', en: 'revoked by the issuer' },
  SIGNATURE_INVALID: { kk: 'қол қойылғаннан кейін өзгертілген', ru: 'изменено после подписи', en: 'changed after signing' },
  UNKNOWN_KEY: { kk: 'белгісіз кілт', ru: 'неизвестный ключ', en: 'signed with an unknown key' },
});

type Verification = ResultOf<typeof Verify>['verifyCredential'];
type Check = Verification['checks'][number];

function subjectName(credential: Record<string, unknown> | null | undefined): string | undefined {
  const subject = credential?.credentialSubject as { name?: unknown; identifier?: unknown } | undefined;
  return typeof subject?.name === 'string' ? subject.name : undefined;
}

/** Anyone signed in: verify a credential pasted as JSON, uploaded as its file or scanned from its QR code. */
export default function VerifyPage() {
  const t = useT(m);
  const { date } = useFormat();
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [result, setResult] = useState<Verification>();
  const [failure, setFailure] = useState<unknown>();

  async function verify(credential: string, event?: FormEvent) {
    event?.preventDefault();
    setFailure(undefined);
    setResult(undefined);
    if (!credential.trim()) {
      setErrors([{ code: 'EMPTY', field: ['credential'], message: m.empty.en, text: m.empty }]);
      return;
    }
    setErrors([]);
    try {
      setResult((await request(Verify, { credential: credential.trim() })).verifyCredential);
    } catch (error) {
      setFailure(error);
    }
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    const content = await file.text();
    setText(content);
    await verify(content);
  }

  return (
    <>
      <p>{t('intro')}</p>
      <form onSubmit={(e) => void verify(text, e)} noValidate>
        <TextArea label={t('paste')} name="credential" value={text} onChange={(e) => setText(e.target.value)} errors={errors} spellCheck={false} />
        <div className="row">
          <div className="field">
            <label htmlFor="credential-file">{t('file')}</label>
            <input id="credential-file" type="file" accept=".json,.jwt,application/json,text/plain" onChange={(e) => void upload(e)} />
          </div>
          <div className="field">
            <button type="submit">{t('verify')}</button>
          </div>
        </div>
      </form>
      <QrScanner
        onScan={(scanned) => {
          setText(scanned);
          void verify(scanned);
        }}
      />
      <RequestFailed error={failure} />
      {result ? (
        <div className="result" data-testid="verification" data-valid={String(result.valid)} aria-live="polite">
          <p>
            <span className={`status ${result.valid ? 'ok' : 'bad'}`} role="status">
              {result.valid ? t('valid') : t('invalid')}
            </span>{' '}
            {result.failure ? t(result.failure) : null}
          </p>
          {result.issuerName ? <p>{t('issuer', { name: result.issuerName })}</p> : null}
          {subjectName(result.credential) ? <p>{t('subject', { name: subjectName(result.credential)! })}</p> : null}
          <DataTable
            rows={result.checks}
            rowKey={(c) => c.check}
            rowData={(c) => ({ check: c.check })}
            columns={[
              { key: 'check', header: t('check'), cell: (c: Check) => t(c.check) },
              {
                key: 'result',
                header: t('result'),
                cell: (c: Check) => <span className={`status ${c.ok ? 'ok' : 'bad'}`}>{c.ok ? t('ok') : c.failure ? t(c.failure) : '✗'}</span>,
              },
            ]}
          />
          <p className="hint">{date(result.verifiedAt)}</p>
        </div>
      ) : null}
    </>
  );
}

import { useState, type FormEvent } from 'react';
import { auth, AuthRefused } from '../auth';
import { defineMessages, useT } from '../i18n/i18n';
import { useSession } from '../session';
import { ErrorList, errorsFor, otherErrors, TextField, type FieldError } from '../ui/form';

const m = defineMessages({
  title: { kk: 'DualHub жүйесіне кіру', ru: 'Вход в DualHub', en: 'Sign in to DualHub' },
  email: { kk: 'Электрондық пошта', ru: 'Электронная почта', en: 'E-mail' },
  password: { kk: 'Құпиясөз', ru: 'Пароль', en: 'Password' },
  totp: { kk: 'Аутентификатор коды', ru: 'Код аутентификатора', en: 'Authenticator code' },
  totpHint: {
    kk: 'Аутентификатор қосымшасындағы 6 таңбалы код.',
    ru: '6-значный код из приложения-аутентификатора.',
    en: 'The 6-digit code from your authenticator app.',
  },
  submit: { kk: 'Кіру', ru: 'Войти', en: 'Sign in' },
  busy: { kk: 'Тексерілуде…', ru: 'Проверяем…', en: 'Checking…' },
});

/**
 * Texts of the refusals sign-in can give, by IdentityUserErrorCode (the API's own table is in
 * src/identity/identity.messages.ts): kept here so a language switch re-renders them at once.
 */
const refusals = defineMessages({
  SIGN_IN_FAILED: {
    kk: 'Электрондық пошта немесе құпиясөз қате.',
    ru: 'Неверный адрес электронной почты или пароль.',
    en: 'The e-mail address or the password is wrong.',
  },
  TOO_MANY_ATTEMPTS: {
    kk: 'Тым көп әрекет. Кейінірек қайталаңыз.',
    ru: 'Слишком много попыток. Повторите позже.',
    en: 'Too many attempts. Try again later.',
  },
  TOTP_REQUIRED: {
    kk: 'Аутентификатор қосымшасындағы 6 таңбалы кодты енгізіңіз.',
    ru: 'Введите 6-значный код из приложения-аутентификатора.',
    en: 'Enter the 6-digit code from your authenticator app.',
  },
  TOTP_INVALID: {
    kk: 'Код жарамсыз немесе мерзімі өтті.',
    ru: 'Код неверен или устарел.',
    en: 'The code is wrong or has expired.',
  },
  INVALID_EMAIL: { kk: 'Электрондық пошта дұрыс емес.', ru: 'Некорректный адрес электронной почты.', en: 'That is not an e-mail address.' },
});

/** Where each refusal is shown: the field it concerns (the API's `field` path may be just `input`). */
const FIELD_OF: Record<string, string> = { SIGN_IN_FAILED: 'password', TOTP_REQUIRED: 'totp', TOTP_INVALID: 'totp', INVALID_EMAIL: 'email' };

/** E-mail + password (+ TOTP when the account asks for it) → the session cookie. */
export default function SignInPage() {
  const t = useT(m);
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    try {
      const viewer = await auth.signIn({ email, password, ...(needsTotp ? { totp } : {}) });
      await refresh(viewer);
    } catch (error) {
      if (!(error instanceof AuthRefused)) throw error;
      if (error.errors.some((e) => e.code === 'TOTP_REQUIRED' || e.code === 'TOTP_INVALID')) setNeedsTotp(true);
      setErrors(
        error.errors.map((e) => ({
          code: e.code,
          message: e.message,
          field: ['input', FIELD_OF[e.code] ?? e.field?.[e.field.length - 1] ?? 'input'],
          text: refusals[e.code as keyof typeof refusals],
        })),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="sign-in" tabIndex={-1}>
      <h1>{t('title')}</h1>
      <form onSubmit={submit} noValidate data-testid="sign-in-form">
        <ErrorList errors={otherErrors(errors, ['email', 'password', 'totp'])} />
        <TextField
          label={t('email')}
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          errors={errorsFor(errors, 'email')}
        />
        <TextField
          label={t('password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          errors={errorsFor(errors, 'password')}
        />
        {needsTotp ? (
          <TextField
            label={t('totp')}
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            hint={t('totpHint')}
            value={totp}
            onChange={(e) => setTotp(e.target.value)}
            errors={errorsFor(errors, 'totp')}
            autoFocus
          />
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? t('busy') : t('submit')}
        </button>
      </form>
    </main>
  );
}

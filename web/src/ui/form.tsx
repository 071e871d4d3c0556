import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { useLang, type LocalizedText } from '../i18n/i18n';

/**
 * A rule violation to show next to a field: the API's `userErrors` item (with `localizedMessage`,
 * so a language switch re-renders it without asking again), or a coded refusal of `/auth` whose
 * text comes from the console's table by code (`text`), falling back to the server's `message`.
 */
export interface FieldError {
  code: string;
  field?: readonly string[] | null;
  message: string;
  localizedMessage?: LocalizedText | null;
  text?: LocalizedText;
}

/** The errors of one field path (`['input', 'email']`); `leaf` matches on the last segment only. */
export function errorsFor(errors: readonly FieldError[], leaf: string): FieldError[] {
  return errors.filter((e) => e.field?.[e.field.length - 1] === leaf);
}

/** The errors that match none of `leaves` (shown above the form). */
export function otherErrors(errors: readonly FieldError[], leaves: readonly string[]): FieldError[] {
  return errors.filter((e) => !leaves.includes(e.field?.[e.field.length - 1] ?? ''));
}

/** The text of an error in the person's language. */
export function useErrorText() {
  const { lang } = useLang();
  return (e: FieldError) => e.localizedMessage?.[lang] ?? e.text?.[lang] ?? e.message;
}

/** A list of errors, announced to screen readers as they appear. */
export function ErrorList({ errors, id }: { errors: readonly FieldError[]; id?: string }) {
  const text = useErrorText();
  if (!errors.length) return null;
  return (
    // The live region wraps the list: role="alert" on the <ul> itself would hide its list semantics.
    <div id={id} role="alert">
      <ul className="errors">
        {errors.map((e, i) => (
          <li key={`${e.code}-${i}`} data-code={e.code}>
            {text(e)}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  label: string;
  errors?: readonly FieldError[];
  hint?: ReactNode;
}

/** A labelled input with its errors right below it (`aria-invalid`, `aria-describedby`). */
export function TextField({ label, errors = [], hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const errorId = `${id}-errors`;
  const hintId = `${id}-hint`;
  const described = [hint ? hintId : '', errors.length ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      <input id={id} aria-invalid={errors.length ? true : undefined} aria-describedby={described} {...input} />
      <ErrorList errors={errors} id={errorId} />
    </div>
  );
}

/** A labelled multi-line input with its errors below it. */
export function TextArea({ label, errors = [], hint, ...input }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const errorId = `${id}-errors`;
  const hintId = `${id}-hint`;
  const described = [hint ? hintId : '', errors.length ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      <textarea id={id} aria-invalid={errors.length ? true : undefined} aria-describedby={described} {...input} />
      <ErrorList errors={errors} id={errorId} />
    </div>
  );
}

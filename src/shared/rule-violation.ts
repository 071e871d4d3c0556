import type { LocalizedText } from './localized';

/**
 * An expected rule violation a service returns (never throws): the input field it concerns
 * (a path such as `['input', 'mentorId']`), a code partners can switch on, and text for people.
 */
export interface RuleViolation<Code extends string = string> {
  field: string[];
  code: Code;
  message: LocalizedText;
}

/** What a service command returns: the changed object, or the rules it would break. */
export type Outcome<T, Code extends string = string> = { ok: true; value: T } | { ok: false; violations: RuleViolation<Code>[] };

/** A successful {@link Outcome}. */
export function succeed<T>(value: T): Outcome<T, never> {
  return { ok: true, value };
}

/** A refused {@link Outcome}. */
export function refuse<Code extends string>(...violations: RuleViolation<Code>[]): Outcome<never, Code> {
  return { ok: false, violations };
}

/** Shorthand for one {@link RuleViolation}. */
export function violation<Code extends string>(field: string[], code: Code, message: LocalizedText): RuleViolation<Code> {
  return { field, code, message };
}

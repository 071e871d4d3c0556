import { type ClassType, Field, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import type { Language } from '../shared/localized';
import type { Outcome, RuleViolation } from '../shared/rule-violation';
import { LocalizedTextType, toLocalizedText } from './localized-text';

@InterfaceType({
  description: 'A rule the mutation would break. Nothing was changed. Each context has its own type with a `code` enum partners can switch on.',
})
export abstract class UserError {
  @Field(() => [String], { description: 'Path of the input field concerned, e.g. ["input", "mentorId"].' })
  field!: string[];

  @Field({ description: "Explanation in the caller's language (Accept-Language: kk, ru or en; default en)." })
  message!: string;

  @Field(() => LocalizedTextType, { description: 'The same explanation in Kazakh, Russian and English.' })
  localizedMessage!: LocalizedTextType;
}

/** The user-error type of one context, with its code enum. Call once per context. */
export function userErrorType<Code extends string>(name: string, codes: Record<string, Code>, description: string): ClassType<UserError & { code: Code }> {
  registerEnumType(codes, { name: `${name}Code`, description });
  @ObjectType(name, { implements: UserError, description })
  class ContextUserError extends UserError {
    @Field(() => codes, { description: 'What rule was broken.' }) code!: Code;
  }
  return ContextUserError as ClassType<UserError & { code: Code }>;
}

/** Maps service violations to a context's user-error objects. */
export function toUserErrors<Code extends string>(
  type: ClassType<UserError & { code: Code }>,
  violations: RuleViolation<Code>[],
  lang: Language,
): (UserError & { code: Code })[] {
  return violations.map((v) =>
    Object.assign(new type(), {
      field: v.field,
      code: v.code,
      message: v.message[lang],
      localizedMessage: toLocalizedText(v.message),
    }),
  );
}

/** A mutation payload: its object fields (null when refused) and the rules it would break. */
export type Payload<P extends object, Code extends string> = { [K in keyof P]: P[K] | null } & { userErrors: (UserError & { code: Code })[] };

/**
 * Maps a service outcome to a mutation payload, the one way every mutation does it: on success
 * the fields `fields(value)` makes and no user errors; when refused, the user errors in the
 * caller's language and every object field null (left out, which GraphQL returns as null).
 */
export function payloadOf<T, Code extends string, P extends object>(
  outcome: Outcome<T, Code>,
  type: ClassType<UserError & { code: Code }>,
  ctx: { lang: Language },
  fields: (value: T) => P,
): Payload<P, Code> {
  if (outcome.ok) return { ...fields(outcome.value), userErrors: [] } as Payload<P, Code>;
  return { userErrors: toUserErrors(type, outcome.violations, ctx.lang) } as Payload<P, Code>;
}

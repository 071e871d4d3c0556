import { type ClassType, Field, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import type { Language } from '../shared/localized';
import type { RuleViolation } from '../shared/rule-violation';
import { LocalizedText, toLocalizedText } from './localized-text';

@InterfaceType({
  description:
    'A rule the mutation would break. Nothing was changed. Each context has its own type with a `code` enum partners can switch on.',
})
export abstract class UserError {
  @Field(() => [String], { description: 'Path of the input field concerned, e.g. ["input", "mentorId"].' })
  field!: string[];

  @Field({ description: "Explanation in the caller's language (Accept-Language: kk, ru or en; default en)." })
  message!: string;

  @Field(() => LocalizedText, { description: 'The same explanation in Kazakh, Russian and English.' })
  localizedMessage!: LocalizedText;
}

/** The user-error type of one context, with its code enum. Call once per context. */
export function userErrorType<Code extends string>(
  name: string,
  codes: Record<string, Code>,
  description: string,
): ClassType<UserError & { code: Code }> {
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

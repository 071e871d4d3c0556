import { Field, InputType, ObjectType } from 'type-graphql';
import { MaxLength, MinLength } from 'class-validator';
import type { LocalizedText } from '../shared/localized';

/** The GraphQL object type `LocalizedText` (the API shape of {@link LocalizedText}). */
@ObjectType('LocalizedText', { description: 'Text for people in Kazakh (kk), Russian (ru) and English (en).' })
export class LocalizedTextType implements LocalizedText {
  @Field({ description: 'Kazakh' }) kk!: string;
  @Field({ description: 'Russian' }) ru!: string;
  @Field({ description: 'English' }) en!: string;
}

@InputType({ description: 'Text for people in Kazakh, Russian and English; all three are required.' })
export class LocalizedTextInput implements LocalizedText {
  @Field({ description: 'Kazakh' }) @MinLength(1) @MaxLength(500) kk!: string;
  @Field({ description: 'Russian' }) @MinLength(1) @MaxLength(500) ru!: string;
  @Field({ description: 'English' }) @MinLength(1) @MaxLength(500) en!: string;
}

/** Copies a stored localized value into its API type. */
export function toLocalizedText(value: LocalizedText): LocalizedTextType {
  return Object.assign(new LocalizedTextType(), { kk: value.kk, ru: value.ru, en: value.en });
}

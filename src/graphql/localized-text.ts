import { Field, InputType, ObjectType } from 'type-graphql';
import { MaxLength, MinLength } from 'class-validator';
import type { Localized } from '../shared/localized';

@ObjectType({ description: 'Text for people in Kazakh (kk), Russian (ru) and English (en).' })
export class LocalizedText implements Localized {
  @Field({ description: 'Kazakh' }) kk!: string;
  @Field({ description: 'Russian' }) ru!: string;
  @Field({ description: 'English' }) en!: string;
}

@InputType({ description: 'Text for people in Kazakh, Russian and English; all three are required.' })
export class LocalizedTextInput implements Localized {
  @Field({ description: 'Kazakh' }) @MinLength(1) @MaxLength(500) kk!: string;
  @Field({ description: 'Russian' }) @MinLength(1) @MaxLength(500) ru!: string;
  @Field({ description: 'English' }) @MinLength(1) @MaxLength(500) en!: string;
}

/** Copies a stored localized value into its API type. */
export function toLocalizedText(value: Localized): LocalizedText {
  return Object.assign(new LocalizedText(), { kk: value.kk, ru: value.ru, en: value.en });
}

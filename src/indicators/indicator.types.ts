import { IsOptional, MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LocalizedTextType, toLocalizedText } from '../graphql/localized-text';
import type { IndicatorColumn, IndicatorDefinition } from './indicator.definitions';

@ObjectType('IndicatorColumn', { description: 'One column of an indicator table.' })
export class IndicatorColumnNode {
  @Field({ description: 'Column name (a key of every row).' }) name!: string;
  @Field({ description: 'text, id (a row id), int, number or boolean.' }) type!: string;
  @Field(() => LocalizedTextType, { description: 'What the column counts, in kk/ru/en.' }) definition!: LocalizedTextType;
}

@ObjectType('IndicatorThreshold', { description: 'A threshold to highlight in charts.' })
export class IndicatorThresholdNode {
  @Field({ description: 'The column it applies to.' }) column!: string;
  @Field(() => Float, { description: 'The threshold value.' }) value!: number;
  @Field(() => LocalizedTextType, { description: 'Where it comes from.' }) definition!: LocalizedTextType;
}

@ObjectType('IndicatorDefinition', { description: 'A regional indicator: what it counts, its columns and the filters it takes.' })
export class IndicatorDefinitionNode {
  @Field({ description: 'Code, e.g. `EMPLOYMENT_AFTER_GRADUATION`.' }) code!: string;
  @Field(() => LocalizedTextType, { description: 'Name in kk/ru/en.' }) name!: LocalizedTextType;
  @Field(() => LocalizedTextType, { description: 'What is counted, in kk/ru/en.' }) definition!: LocalizedTextType;
  @Field(() => [IndicatorColumnNode], { description: 'Columns, in order.' }) columns!: IndicatorColumnNode[];
  @Field(() => [String], { description: 'Names of the IndicatorFilter fields it takes.' }) filters!: string[];
  @Field(() => IndicatorThresholdNode, { nullable: true, description: 'A threshold to highlight, if any.' }) threshold?: IndicatorThresholdNode;
  @Field({ description: 'Whether it reads a materialized view (then `refreshedAt` tells its age).' }) materialized!: boolean;
}

function toColumn(c: IndicatorColumn): IndicatorColumnNode {
  return Object.assign(new IndicatorColumnNode(), { name: c.name, type: c.type, definition: toLocalizedText(c.definition) });
}

export function toIndicatorDefinitionNode(d: IndicatorDefinition): IndicatorDefinitionNode {
  return Object.assign(new IndicatorDefinitionNode(), {
    code: d.code,
    name: toLocalizedText(d.name),
    definition: toLocalizedText(d.definition),
    columns: d.columns.map(toColumn),
    filters: [...d.filters],
    threshold: d.threshold
      ? Object.assign(new IndicatorThresholdNode(), {
          column: d.threshold.column,
          value: d.threshold.value,
          definition: toLocalizedText(d.threshold.definition),
        })
      : undefined,
    materialized: Boolean(d.materializedView),
  });
}

@ObjectType('IndicatorTable', { description: 'An indicator computed for the caller (scoped: an HEI sees its own rows, an employer its own), charts-ready.' })
export class IndicatorTableNode {
  @Field(() => IndicatorDefinitionNode, { description: 'The definition.' }) definition!: IndicatorDefinitionNode;
  @Field(() => [GraphQLJSONObject], { description: 'Rows: one object per row, keyed by column name.' }) rows!: Record<string, unknown>[];
  @Field({ description: 'True when more rows exist than `limit`.' }) truncated!: boolean;
  @Field({ nullable: true, description: 'When the materialized view was last refreshed (null for live indicators).' }) refreshedAt?: Date;
  @Field(() => Int, { nullable: true, description: 'How long that refresh took, in ms.' }) refreshMs?: number;
}

@InputType({ description: 'Filters of an indicator (each indicator lists the ones it takes; others are refused).' })
export class IndicatorFilterInput {
  @Field({ nullable: true, description: 'Region code, e.g. PAVLODAR.' }) @IsOptional() @MaxLength(60) region?: string;
  @Field(() => ID, { nullable: true, description: 'Global id of an HEI.' }) heiId?: string;
  @Field(() => ID, { nullable: true, description: 'Global id of an employer.' }) employerId?: string;
  @Field(() => ID, { nullable: true, description: 'Global id of a Program.' }) programId?: string;
  @Field(() => Int, { nullable: true, description: 'First year (inclusive).' }) fromYear?: number;
  @Field(() => Int, { nullable: true, description: 'Last year (inclusive).' }) toYear?: number;
}

@ObjectType('IndicatorRefresh', { description: 'A refresh of a materialized indicator view.' })
export class IndicatorRefreshNode {
  @Field({ description: 'The view.' }) view!: string;
  @Field({ description: 'When it was refreshed.' }) refreshedAt!: Date;
  @Field(() => Int, { description: 'How long it took, in ms.' }) durationMs!: number;
  @Field(() => Int, { description: 'Rows it holds.' }) rows!: number;
}

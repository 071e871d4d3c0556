import { ArrayMaxSize } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { LocalizedTextType, toLocalizedText } from '../graphql/localized-text';
import type { CategoryCoverage, Clearance } from './clearance.service';
import { ClearanceStatus, MAX_CLEARANCE_CHECKS } from './clearance.service';
import { ReadinessUserError } from './readiness.types';
import { CoverageStatus } from './readiness.rules';

registerEnumType(ClearanceStatus, {
  name: 'ClearanceStatus',
  description: 'Whether a student may work at a workplace at a moment.',
  valuesConfig: {
    CLEARED: { description: 'Every hazard category of the workplace is covered by valid readiness (or it has none).' },
    NOT_CLEARED: { description: 'At least one category is missing, expired or revoked: see categories.' },
  },
});
registerEnumType(CoverageStatus, {
  name: 'CoverageStatus',
  description: 'Whether one hazard category is covered at a moment.',
  valuesConfig: {
    COVERED: { description: 'Valid readiness covers it.' },
    MISSING: { description: 'No readiness in this category yet.' },
    EXPIRED: { description: 'The latest readiness ran out.' },
    REVOKED: { description: 'The latest record is a revocation.' },
  },
});

@ObjectType('ClearanceCategory', { description: 'One hazard category of the workplace and what covers it, or what would.' })
export class ClearanceCategoryNode {
  categoryId!: string;
  recordId!: string | null;
  recordRow?: CategoryCoverage['recordRow'];
  recordSummary?: CategoryCoverage['recordSummary'];
  @Field({ description: 'Hazard category code, e.g. ROBOT_CELL.' }) code!: string;
  /** Absent when the selection does not ask for it: the statement reads names only then (clearanceProjection). */
  @Field(() => LocalizedTextType, { description: 'Name of the hazard category in Kazakh, Russian and English.' }) name!: LocalizedTextType;
  @Field(() => CoverageStatus, { description: 'Whether valid readiness covers the category at that moment.' }) status!: CoverageStatus;
  @Field(() => Date, { nullable: true, description: 'When the covering readiness runs out (also set when it already has).' }) validUntil!: Date | null;
}

@ObjectType('Clearance', { description: 'May this student work at this workplace at this moment?' })
export class ClearanceNode {
  studentId!: string;
  workplaceId!: string;
  @Field({ description: 'The moment the clearance is for.' }) at!: Date;
  @Field(() => ClearanceStatus, { description: 'CLEARED or NOT_CLEARED.' }) status!: ClearanceStatus;
  @Field(() => Date, { nullable: true, description: 'When cleared: when the first covering readiness runs out.' }) validUntil!: Date | null;
  @Field(() => [ClearanceCategoryNode], { description: 'Every hazard category of the workplace, by code.' }) categories!: ClearanceCategoryNode[];
  @Field(() => [String], { description: 'Codes of the categories not covered (empty when cleared).' }) missingCategories!: string[];
}

/** API shape of a clearance. */
export function toClearanceNode(c: Clearance): ClearanceNode {
  return Object.assign(new ClearanceNode(), {
    studentId: c.studentId,
    workplaceId: c.workplaceId,
    at: c.at,
    status: c.status,
    validUntil: c.validUntil,
    categories: c.categories.map(toClearanceCategoryNode),
    missingCategories: c.categories.filter((x) => x.status !== CoverageStatus.COVERED).map((x) => x.code),
  });
}

function toClearanceCategoryNode(c: CategoryCoverage): ClearanceCategoryNode {
  return Object.assign(new ClearanceCategoryNode(), {
    categoryId: c.categoryId,
    recordId: c.recordId,
    recordRow: c.recordRow,
    recordSummary: c.recordSummary,
    code: c.code,
    name: c.name && toLocalizedText(c.name),
    status: c.status,
    validUntil: c.validUntil,
  });
}

@ObjectType({ description: 'A clearance, or why it cannot be answered.' })
export class ClearanceResult {
  @Field(() => ClearanceNode, { nullable: true, description: 'The clearance; null when there are userErrors.' }) clearance!: ClearanceNode | null;
  @Field(() => [ReadinessUserError], { description: 'Why the check cannot be answered; empty on success.' }) userErrors!: InstanceType<
    typeof ReadinessUserError
  >[];
}

@InputType({ description: 'One student–workplace pair to check.' })
export class ClearanceCheckInput {
  @Field(() => ID, { description: 'Global id of the student (Person).' }) studentId!: string;
  @Field(() => ID, { description: 'Global id of the Workplace.' }) workplaceId!: string;
}

@InputType({ description: `Up to ${MAX_CLEARANCE_CHECKS} clearance checks at one moment.` })
export class ClearancesInput {
  @Field(() => [ClearanceCheckInput], { description: 'The student–workplace pairs to check.' })
  @ArrayMaxSize(MAX_CLEARANCE_CHECKS)
  checks!: ClearanceCheckInput[];
  @Field(() => Date, { nullable: true, description: 'Default now.' }) at?: Date | null;
}

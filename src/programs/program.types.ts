import { IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalizedTextType, LocalizedTextInput, toLocalizedText } from '../graphql/localized-text';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import { type Competency, CompetencyKind } from './competency.entity';
import { type Discipline, DisciplineCycle } from './discipline.entity';
import { DublinDescriptor, type LearningOutcome } from './learning-outcome.entity';
import type { ProgramModule } from './program-module.entity';
import type { Program } from './program.entity';
import { ProgramErrorCode } from './program.messages';
import { ProgramOrder } from './program.service';
import { CREDIT_NORM, MAX_DISCIPLINE_CREDITS, MAX_EMPLOYER_SHARE_PERCENT, ProgramLevel } from './program.rules';

registerEnumType(ProgramLevel, {
  name: 'ProgramLevel',
  description: 'Level of an educational programme; each level has a credit norm a complete programme totals.',
  valuesConfig: {
    BACHELOR: { description: `Bachelor programme of a university: ${CREDIT_NORM.BACHELOR} ECTS credits (four years of 60).` },
    COLLEGE: {
      description: `Technical and vocational (college) programme: ${CREDIT_NORM.COLLEGE} credits in DualHub, three years of 60 on the basis of general secondary education.`,
    },
  },
});
registerEnumType(DisciplineCycle, {
  name: 'DisciplineCycle',
  description: 'Cycle of a discipline in the curriculum, as the methodology names them.',
  valuesConfig: {
    GED: {
      description:
        'General education disciplines (жалпы білім беретін пәндер, общеобразовательные дисциплины): history, philosophy, languages, ICT, physical culture.',
    },
    BD: {
      description: 'Basic disciplines (базалық пәндер, базовые дисциплины): mathematics, physics, electrical engineering — the foundation the core rests on.',
    },
    CD: { description: 'Core (major) disciplines (бейіндеуші пәндер, профилирующие дисциплины): the professional content of the specialty.' },
    PP: {
      description:
        'Professional practice (кәсіптік практика, профессиональная практика): educational, production and pre-diploma practice, in dual training largely at the enterprise.',
    },
    E: { description: 'Exams (емтихандар, экзамены): intermediate and final attestation, e.g. the comprehensive exam and the diploma project defence.' },
    C: { description: 'Consultations (консультациялар, консультации) with teachers and mentors before attestation.' },
  },
});
registerEnumType(CompetencyKind, {
  name: 'CompetencyKind',
  description: 'General (from the state standard) or professional (from employers and professional standards).',
});
registerEnumType(DublinDescriptor, {
  name: 'DublinDescriptor',
  description: 'The Dublin descriptor a learning outcome is stated against.',
  valuesConfig: {
    KNOWLEDGE_AND_UNDERSTANDING: { description: 'Knowledge and understanding (білу және түсіну).' },
    APPLYING_KNOWLEDGE: { description: 'Applying knowledge and understanding (білім мен түсінікті қолдану).' },
    MAKING_JUDGEMENTS: { description: 'Making judgements (пайымдау жасау).' },
    COMMUNICATION: { description: 'Communication skills (коммуникативтік дағдылар).' },
    LEARNING_SKILLS: { description: 'Learning skills (оқу дағдылары): continuing to learn with a high degree of autonomy.' },
  },
});
registerEnumType(ProgramOrder, {
  name: 'ProgramOrder',
  description: 'Sort order of the programmes list.',
  valuesConfig: {
    CODE: { description: 'By programme code (default).' },
    NAME: { description: 'By English name.' },
    NEWEST: { description: 'Newest first.' },
  },
});

@ObjectType('Program', {
  implements: Node,
  description:
    'An educational programme of an HEI. Programmes are public offerings: every caller sees them in full; only the owning HEI (WRITER or ADMIN key) changes them.',
})
export class ProgramNode extends Node {
  rowId!: string;
  heiId!: string;
  @Field({ description: 'Programme code from the national classifier, e.g. 6B07101.' }) code!: string;
  @Field(() => ProgramLevel, { description: 'Level of the programme; sets its credit norm.' }) level!: ProgramLevel;
  @Field(() => LocalizedTextType, { description: 'Name in Kazakh, Russian and English.' }) name!: LocalizedTextType;
  @Field(() => Int, { description: 'Credits a complete programme of this level totals (ECTS): 240 for BACHELOR, 180 for COLLEGE.' }) creditNorm!: number;
  @Field(() => Int, { description: `Most percent of the credits that may be adapted to employers: ${MAX_EMPLOYER_SHARE_PERCENT}.` })
  employerShareLimit!: number;
  @Field({ description: 'When the programme was created.' }) createdAt!: Date;
  @Field({ description: 'When the programme or its content last changed.' }) updatedAt!: Date;
}

/** API shape of a programme. */
export function toProgramNode(row: Program): ProgramNode {
  return Object.assign(new ProgramNode(), {
    id: toGlobalId('Program', row.id),
    rowId: row.id,
    heiId: row.hei.id,
    code: row.code,
    level: row.level,
    name: toLocalizedText(row.name),
    creditNorm: CREDIT_NORM[row.level],
    employerShareLimit: MAX_EMPLOYER_SHARE_PERCENT,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}

@ObjectType('ProgramModule', { implements: Node, description: 'A module of a programme: a logically complete group of disciplines and practices.' })
export class ProgramModuleNode extends Node {
  rowId!: string;
  programId!: string;
  @Field({ description: 'Code unique in the programme, e.g. M04.' }) code!: string;
  @Field(() => LocalizedTextType, { description: 'Name in Kazakh, Russian and English.' }) name!: LocalizedTextType;
}

/** API shape of a module. */
export function toProgramModuleNode(row: ProgramModule): ProgramModuleNode {
  return Object.assign(new ProgramModuleNode(), {
    id: toGlobalId('ProgramModule', row.id),
    rowId: row.id,
    programId: row.program.id,
    code: row.code,
    name: toLocalizedText(row.name),
  });
}

@ObjectType('Discipline', { implements: Node, description: 'A discipline, practice or exam of a programme, with its cycle and credits.' })
export class DisciplineNode extends Node {
  rowId!: string;
  programId!: string;
  moduleId!: string;
  adaptedById?: string;
  @Field({ description: 'Code unique in the programme, e.g. PLC 3401.' }) code!: string;
  @Field(() => LocalizedTextType, { description: 'Name in Kazakh, Russian and English.' }) name!: LocalizedTextType;
  @Field(() => DisciplineCycle, { description: 'Cycle of the curriculum the discipline belongs to.' }) cycle!: DisciplineCycle;
  @Field(() => Int, { description: 'ECTS credits.' }) credits!: number;
  @Field(() => Int, { nullable: true, description: 'Semester it is taught in, if planned.' }) semester?: number;
  @Field({ description: 'Whether the discipline is adapted to an employer (counts towards the 30 % employer share), whoever the employer is.' })
  employerAdapted!: boolean;
}

/** API shape of a discipline. */
export function toDisciplineNode(row: Discipline): DisciplineNode {
  return Object.assign(new DisciplineNode(), {
    id: toGlobalId('Discipline', row.id),
    rowId: row.id,
    programId: row.program.id,
    moduleId: row.module.id,
    adaptedById: row.adaptedBy?.id,
    code: row.code,
    name: toLocalizedText(row.name),
    cycle: row.cycle,
    credits: row.credits,
    semester: row.semester ?? undefined,
    employerAdapted: Boolean(row.adaptedBy),
  });
}

@ObjectType('Competency', { implements: Node, description: 'A competency a graduate of the programme has, made measurable by learning outcomes.' })
export class CompetencyNode extends Node {
  rowId!: string;
  programId!: string;
  @Field({ description: 'Code unique in the programme, e.g. PC2.' }) code!: string;
  @Field(() => CompetencyKind, { description: 'Kind of competency.' }) kind!: CompetencyKind;
  @Field(() => LocalizedTextType, { description: 'What the graduate can do, in Kazakh, Russian and English.' }) description!: LocalizedTextType;
}

/** API shape of a competency. */
export function toCompetencyNode(row: Competency): CompetencyNode {
  return Object.assign(new CompetencyNode(), {
    id: toGlobalId('Competency', row.id),
    rowId: row.id,
    programId: row.program.id,
    code: row.code,
    kind: row.kind,
    description: toLocalizedText(row.description),
  });
}

@ObjectType('LearningOutcome', { implements: Node, description: 'A measurable learning outcome of a competency, stated against one Dublin descriptor.' })
export class LearningOutcomeNode extends Node {
  @Field({ description: 'Code unique in the competency, e.g. LO2.1.' }) code!: string;
  @Field(() => DublinDescriptor, { description: 'The Dublin descriptor it is stated against.' }) descriptor!: DublinDescriptor;
  @Field(() => LocalizedTextType, { description: 'The outcome, in Kazakh, Russian and English.' }) description!: LocalizedTextType;
}

/** API shape of a learning outcome. */
export function toLearningOutcomeNode(row: LearningOutcome): LearningOutcomeNode {
  return Object.assign(new LearningOutcomeNode(), {
    id: toGlobalId('LearningOutcome', row.id),
    code: row.code,
    descriptor: row.descriptor,
    description: toLocalizedText(row.description),
  });
}

export const ProgramConnection = connectionType(ProgramNode, 'Program');
export const ProgramUserError = userErrorType('ProgramUserError', ProgramErrorCode, 'Rules about educational programmes.');
type ProgramUserErrorType = InstanceType<typeof ProgramUserError>;

@InputType({ description: 'Narrows the programmes list.' })
export class ProgramFilter {
  @Field(() => ID, { nullable: true, description: 'Only programmes of this HEI.' }) heiId?: string;
  @Field(() => ProgramLevel, { nullable: true, description: 'Only programmes of this level.' }) level?: ProgramLevel;
  @Field({ nullable: true, description: 'Matches the code or any of the names, case-insensitively.' }) @IsOptional() @MaxLength(100) search?: string;
}

const CODE = /^[0-9A-Za-z][0-9A-Za-z .\-/]{0,19}$/;

@InputType({ description: "A new, empty programme of your HEI (the API key's organisation)." })
export class CreateProgramInput {
  @Field({ description: 'Programme code, e.g. 6B07101.' }) @Matches(CODE) code!: string;
  @Field(() => ProgramLevel, { description: 'Level of the programme; sets its credit norm.' }) level!: ProgramLevel;
  @Field(() => LocalizedTextInput, { description: 'Name in Kazakh, Russian and English.' }) name!: LocalizedTextInput;
}

@ObjectType({
  description: 'What `createProgram` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class CreateProgramPayload {
  @Field(() => ProgramNode, { nullable: true, description: 'The new programme; null when there are userErrors.' }) program!: ProgramNode | null;
  @Field(() => [ProgramUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: ProgramUserErrorType[];
}

@InputType({ description: 'A new module of a programme.' })
export class AddProgramModuleInput {
  @Field(() => ID, { description: 'Global id of the Program.' }) programId!: string;
  @Field({ description: 'Code unique in the programme, e.g. M04.' }) @Matches(CODE) code!: string;
  @Field(() => LocalizedTextInput, { description: 'Name in Kazakh, Russian and English.' }) name!: LocalizedTextInput;
}

@ObjectType({
  description: 'What `addProgramModule` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class AddProgramModulePayload {
  @Field(() => ProgramModuleNode, { nullable: true, description: 'The new module; null when there are userErrors.' }) module!: ProgramModuleNode | null;
  @Field(() => ProgramNode, { nullable: true, description: 'The programme after the change.' }) program!: ProgramNode | null;
  @Field(() => [ProgramUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: ProgramUserErrorType[];
}

@InputType({ description: 'A new discipline in a module. An adapted one must keep the employer share at or below 30 %.' })
export class AddDisciplineInput {
  @Field(() => ID, { description: 'Global id of the ProgramModule.' }) moduleId!: string;
  @Field({ description: 'Code unique in the programme, e.g. PLC 3401.' }) @Matches(CODE) code!: string;
  @Field(() => LocalizedTextInput, { description: 'Name in Kazakh, Russian and English.' }) name!: LocalizedTextInput;
  @Field(() => DisciplineCycle, { description: 'Cycle of the curriculum the discipline belongs to.' }) cycle!: DisciplineCycle;
  @Field(() => Int, { description: `ECTS credits, 1–${MAX_DISCIPLINE_CREDITS}.` }) credits!: number;
  @Field(() => Int, { nullable: true, description: 'Semester it is taught in (1–12).' }) @IsOptional() @Min(1) @Max(12) semester?: number;
  @Field(() => ID, { nullable: true, description: "Employer the discipline is adapted to; omit for the HEI's own content." }) adaptedByEmployerId?: string;
}

@InputType({ description: 'Changes to a discipline; omitted fields stay as they are.' })
export class UpdateDisciplineInput {
  @Field(() => ID, { description: 'Global id of the Discipline.' }) disciplineId!: string;
  @Field({ nullable: true, description: 'New code, unique in the programme.' }) @IsOptional() @Matches(CODE) code?: string;
  @Field(() => LocalizedTextInput, { nullable: true, description: 'New name in Kazakh, Russian and English.' }) name?: LocalizedTextInput;
  @Field(() => DisciplineCycle, { nullable: true, description: 'New cycle.' }) cycle?: DisciplineCycle;
  @Field(() => Int, { nullable: true, description: `ECTS credits, 1–${MAX_DISCIPLINE_CREDITS}.` }) credits?: number;
  @Field(() => Int, { nullable: true, description: 'New semester (1–12).' }) @IsOptional() @Min(1) @Max(12) semester?: number;
  @Field(() => ID, { nullable: true, description: 'Move it to another module of the same programme.' }) moduleId?: string;
}

@InputType({ description: 'Input of the `removeDiscipline` mutation.' })
export class RemoveDisciplineInput {
  @Field(() => ID, { description: 'Global id of the Discipline to remove.' }) disciplineId!: string;
}

@InputType({ description: "Marks a discipline as adapted to an employer, or as the HEI's own content again." })
export class SetDisciplineAdaptationInput {
  @Field(() => ID, { description: 'Global id of the Discipline.' }) disciplineId!: string;
  @Field(() => ID, { nullable: true, description: 'The adapting employer; null to remove the adaptation.' }) employerId?: string | null;
}

@ObjectType({
  description:
    'What a discipline mutation returns: the discipline and its programme with new totals, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class DisciplinePayload {
  @Field(() => DisciplineNode, { nullable: true, description: 'The discipline after the change; null when there are userErrors.' })
  discipline!: DisciplineNode | null;
  @Field(() => ProgramNode, { nullable: true, description: 'The programme after the change, with its new totals.' }) program!: ProgramNode | null;
  @Field(() => [ProgramUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: ProgramUserErrorType[];
}

@ObjectType({
  description: 'What `removeDiscipline` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class RemoveDisciplinePayload {
  @Field(() => ID, { nullable: true, description: 'Global id of the removed Discipline; null when there are userErrors.' }) removedDisciplineId!: string | null;
  @Field(() => ProgramNode, { nullable: true, description: 'The programme after the change, with its new totals.' }) program!: ProgramNode | null;
  @Field(() => [ProgramUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: ProgramUserErrorType[];
}

@InputType({ description: 'A new competency of a programme.' })
export class AddCompetencyInput {
  @Field(() => ID, { description: 'Global id of the Program.' }) programId!: string;
  @Field({ description: 'Code unique in the programme, e.g. PC2.' }) @Matches(CODE) code!: string;
  @Field(() => CompetencyKind, { description: 'Kind of competency.' }) kind!: CompetencyKind;
  @Field(() => LocalizedTextInput, { description: 'What the graduate can do, in Kazakh, Russian and English.' }) description!: LocalizedTextInput;
}

@ObjectType({
  description: 'What `addCompetency` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class AddCompetencyPayload {
  @Field(() => CompetencyNode, { nullable: true, description: 'The new competency; null when there are userErrors.' }) competency!: CompetencyNode | null;
  @Field(() => ProgramNode, { nullable: true, description: 'The programme after the change.' }) program!: ProgramNode | null;
  @Field(() => [ProgramUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: ProgramUserErrorType[];
}

@InputType({ description: 'A new learning outcome of a competency.' })
export class AddLearningOutcomeInput {
  @Field(() => ID, { description: 'Global id of the Competency.' }) competencyId!: string;
  @Field({ description: 'Code unique in the competency, e.g. LO2.1.' }) @Matches(CODE) code!: string;
  @Field(() => DublinDescriptor, { description: 'The Dublin descriptor it is stated against.' }) descriptor!: DublinDescriptor;
  @Field(() => LocalizedTextInput, { description: 'The outcome, in Kazakh, Russian and English.' }) description!: LocalizedTextInput;
}

@ObjectType({
  description: 'What `addLearningOutcome` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class AddLearningOutcomePayload {
  @Field(() => LearningOutcomeNode, { nullable: true, description: 'The new learning outcome; null when there are userErrors.' })
  learningOutcome!: LearningOutcomeNode | null;
  @Field(() => CompetencyNode, { nullable: true, description: 'The competency after the change.' }) competency!: CompetencyNode | null;
  @Field(() => [ProgramUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: ProgramUserErrorType[];
}

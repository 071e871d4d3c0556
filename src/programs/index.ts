export { Program, ProgramLevel } from './program.entity';
export { ProgramModule } from './program-module.entity';
export { Discipline, DisciplineCycle } from './discipline.entity';
export { Competency, CompetencyKind } from './competency.entity';
export { LearningOutcome, DublinDescriptor } from './learning-outcome.entity';
export { CREDIT_NORM, MAX_EMPLOYER_SHARE_PERCENT, type CreditTotals } from './program.rules';
export { ProgramErrorCode, ProgramOrder, ProgramService } from './program.service';
export { ProgramNode, DisciplineNode, toProgramNode, toDisciplineNode } from './program.types';

import { registerNodeType } from '../graphql/node';
import { Competency } from './competency.entity';
import { Discipline } from './discipline.entity';
import { LearningOutcome } from './learning-outcome.entity';
import { ProgramModule } from './program-module.entity';
import { Program } from './program.entity';
import { CompetencyResolver, DisciplineResolver, ProgramModuleResolver, ProgramResolver } from './program.resolver';
import { toCompetencyNode, toDisciplineNode, toLearningOutcomeNode, toProgramModuleNode, toProgramNode } from './program.types';

/** Entities of the programs context, for the ORM. */
export const programEntities = [Program, ProgramModule, Discipline, Competency, LearningOutcome];

registerNodeType('Program', { entity: Program, toNode: toProgramNode });
registerNodeType('ProgramModule', { entity: ProgramModule, toNode: toProgramModuleNode });
registerNodeType('Discipline', { entity: Discipline, toNode: toDisciplineNode });
registerNodeType('Competency', { entity: Competency, toNode: toCompetencyNode });
registerNodeType('LearningOutcome', { entity: LearningOutcome, toNode: toLearningOutcomeNode });

/** GraphQL resolvers of the programs context. */
export const programResolvers = [ProgramResolver, ProgramModuleResolver, DisciplineResolver, CompetencyResolver] as const;

export { seedPrograms } from './program.seed';

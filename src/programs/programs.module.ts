import { defineModule } from '../module';
import { Competency } from './competency.entity';
import { Discipline } from './discipline.entity';
import { LearningOutcome } from './learning-outcome.entity';
import { ProgramModule } from './program-module.entity';
import { Program } from './program.entity';
import { CompetencyResolver, DisciplineResolver, ProgramModuleResolver, ProgramResolver } from './program.resolver';
import { seedPrograms } from './program.seed';
import { toCompetencyNode, toDisciplineNode, toLearningOutcomeNode, toProgramModuleNode, toProgramNode } from './program.types';

/** Educational programmes: modules, disciplines, competencies, learning outcomes. */
export const programsModule = defineModule({
  name: 'programs',
  entities: [Program, ProgramModule, Discipline, Competency, LearningOutcome],
  resolvers: (s) => [new ProgramResolver(s.programs), new ProgramModuleResolver(s.programs), new DisciplineResolver(), new CompetencyResolver(s.programs)],
  nodeTypes: {
    Program: { entity: Program, toNode: toProgramNode },
    ProgramModule: { entity: ProgramModule, toNode: toProgramModuleNode },
    Discipline: { entity: Discipline, toNode: toDisciplineNode },
    Competency: { entity: Competency, toNode: toCompetencyNode },
    LearningOutcome: { entity: LearningOutcome, toNode: toLearningOutcomeNode },
  },
  seeders: [seedPrograms],
});

import { defineModule } from '../module';
import { ExamResult } from './exam-result.entity';
import { GradeBand } from './grading.entity';
import { seedGradingScales } from './grading.seed';
import { ExamAdmission, ExamCommissionMember, ProductionExam } from './production-exam.entity';
import { ExamResultResolver, PlacementExamResultResolver, ProductionExamResolver } from './production-exam.resolver';
import { toExamResultNode, toProductionExamNode } from './production-exam.types';

/** The production exam: materials in time, the 50/50 commission, the council's admission decisions, results on the national scale. */
export const assessmentModule = defineModule({
  name: 'assessment',
  entities: [GradeBand, ProductionExam, ExamCommissionMember, ExamAdmission, ExamResult],
  resolvers: (s) => [new ProductionExamResolver(s.productionExams), new ExamResultResolver(), new PlacementExamResultResolver(s.productionExams)],
  nodeTypes: {
    ProductionExam: { entity: ProductionExam, toNode: toProductionExamNode },
    ExamResult: { entity: ExamResult, toNode: toExamResultNode },
  },
  seeders: [seedGradingScales],
});
